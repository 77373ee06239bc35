'use strict';
// Shared by the load generator and the smoke check: REST set-up calls, WebSocket clients spread over loopback
// source addresses, frame builders and a cheap parser for the bench's marked chat items.

const http = require('http');
const { performance } = require('perf_hooks');
const WebSocket = require('ws');
const hdr = require('hdr-histogram-js');


const net = require('net');
const crypto = require('crypto');

/**
 * A thin WebSocket client for the many receivers: the handshake and RFC 6455 framing on a bare `net` socket,
 * nothing else (no extensions, no UTF-8 re-validation, no per-frame event objects). The `ws` client costs the
 * load generator's single core about twice what a send costs the Node peer, so with `ws` receivers the load
 * generator, not the server under test, would set the limit. It mimics the bits of `ws` the bench uses:
 * `send`, `readyState`, `terminate`, and 'open' / 'message' / 'close' / 'error' handlers.
 */
class ThinSocket {
  constructor(url, { localAddress, handshakeTimeout = 30000 } = {}) {
    const u = new URL(url);
    this.readyState = 0;
    this.handlers = {};
    this.pending = null;
    this.fragments = null;
    this.upgraded = false;
    this.mask = crypto.randomBytes(4);
    const key = crypto.randomBytes(16).toString('base64');
    this.accept = crypto.createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
    this.socket = net.connect({ host: u.hostname, port: Number(u.port || 80), localAddress });
    this.socket.setNoDelay(true);
    this.timer = setTimeout(() => this.fail(new Error('handshake timed out')), handshakeTimeout);
    this.socket.on('connect', () => this.socket.write(
      `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`
      + `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`));
    this.socket.on('data', (chunk) => this.data(chunk));
    this.socket.on('error', (e) => this.fail(e));
    this.socket.on('close', () => this.closed(1006, ''));
  }

  on(event, fn) { this.handlers[event] = fn; return this; }

  emit(event, a, b) { const fn = this.handlers[event]; if (fn) fn(a, b); }

  fail(e) {
    clearTimeout(this.timer);
    if (this.readyState < 2) this.emit('error', e);
    this.socket.destroy();
  }

  closed(code, reason) {
    clearTimeout(this.timer);
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.emit('close', code, reason);
  }

  data(chunk) {
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    if (!this.upgraded) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) { this.pending = buf; return; }
      const head = buf.toString('latin1', 0, end);
      if (!/^HTTP\/1\.1 101/.test(head) || !head.includes(this.accept)) {
        const refused = new Error(`upgrade refused: ${head.split('\r\n')[0]}`);
        // a busy or stopping server names how long to stay away (seconds)
        const retryAfter = /\r\nRetry-After:\s*(\d+)/i.exec(head);
        if (retryAfter) refused.retryAfterMs = Number(retryAfter[1]) * 1000;
        return this.fail(refused);
      }
      clearTimeout(this.timer);
      this.upgraded = true;
      this.readyState = 1;
      this.emit('open');
      buf = buf.subarray(end + 4);
    }
    let i = 0;
    const n = buf.length;
    while (n - i >= 2) {
      const b0 = buf[i];
      let len = buf[i + 1] & 0x7f;
      let at = i + 2;
      if (len === 126) { if (n - i < 4) break; len = buf.readUInt16BE(i + 2); at = i + 4; }
      else if (len === 127) { if (n - i < 10) break; len = Number(buf.readBigUInt64BE(i + 2)); at = i + 10; }
      if (n - at < len) break;
      this.frame(b0 & 0x80, b0 & 0x0f, buf.subarray(at, at + len));
      i = at + len;
    }
    if (i < n) this.pending = Buffer.from(buf.subarray(i));
  }

  frame(fin, opcode, payload) {
    if (opcode === 1 || opcode === 0) {
      if (!fin || this.fragments) {
        (this.fragments = this.fragments || []).push(Buffer.from(payload));
        if (!fin) return;
        payload = Buffer.concat(this.fragments);
        this.fragments = null;
      }
      this.emit('message', payload);
    } else if (opcode === 9) {
      this.write(0x8a, payload);
    } else if (opcode === 8) {
      const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      const reason = payload.length > 2 ? payload.toString('utf8', 2) : '';
      if (this.readyState === 1) this.write(0x88, payload.subarray(0, 2));
      this.socket.end();
      this.closed(code, reason);
    }
  }

  write(b0, payload) {
    const len = payload.length;
    const headLen = len < 126 ? 6 : len < 65536 ? 8 : 14;
    const frame = Buffer.allocUnsafe(headLen + len);
    frame[0] = b0;
    if (len < 126) frame[1] = 0x80 | len;
    else if (len < 65536) { frame[1] = 0x80 | 126; frame.writeUInt16BE(len, 2); }
    else { frame[1] = 0x80 | 127; frame.writeBigUInt64BE(BigInt(len), 2); }
    const m = this.mask;
    m.copy(frame, headLen - 4);
    for (let k = 0; k < len; k++) frame[headLen + k] = payload[k] ^ m[k & 3];
    this.socket.write(frame);
  }

  send(text) {
    if (this.readyState === 1) this.write(0x81, Buffer.from(text, 'utf8'));
  }

  terminate() {
    this.readyState = 3;
    clearTimeout(this.timer);
    this.socket.destroy();
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

function request(base, method, path, { token, body } = {}) {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers = { Accept: 'application/json' };
    if (text !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(text);
    }
    if (token) headers.Authorization = token;
    const req = http.request(url, { method, headers, agent, timeout: 30000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = JSON.parse(raw); } catch (e) { /* reported below */ }
        if (res.statusCode !== 200 || !json || json.code !== 200) {
          return reject(new Error(`${method} ${path} -> ${res.statusCode} ${raw.slice(0, 200)}`));
        }
        resolve(json.data);
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    if (text !== undefined) req.write(text);
    req.end();
  });
}

async function login(base, name) {
  const data = await request(base, 'POST', '/api/auth/guest', { body: { displayName: name, avatarUrl: 'https://example.com/a.png' } });
  return data.token;
}

async function openStream(base, token, title) {
  return request(base, 'POST', '/api/streams', { token, body: { title, orgName: 'Bench', orgLogo: 'https://example.com/l.png' } });
}

/** `count` guest tokens, made `parallel` at a time. */
async function tokens(base, count, prefix, parallel = 16) {
  const out = new Array(count);
  let next = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      out[i] = await login(base, `${prefix}${i}`);
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return out;
}

/** A join (type 3); `extra` adds to the payLoad, e.g. `{since, epoch}` to resume. */
function joinFrame(token, topic, extra) {
  return JSON.stringify({ token, type: 3, payLoad: JSON.stringify({ topic, ...extra }) });
}

function heartbeatFrame(token) {
  return JSON.stringify({ token, type: 1, payLoad: '' });
}

function chatFrame(token, topic, content, clientMsgId) {
  const chatInfo = { content, type: 'message' };
  if (clientMsgId) chatInfo.clientMsgId = clientMsgId;
  return JSON.stringify({ token, type: 2, payLoad: JSON.stringify({ topic, chatInfo: JSON.stringify(chatInfo) }) });
}

/** Loopback source addresses 127.0.0.1 .. 127.0.0.<n>, so that many thousands of sockets do not run out of ports. */
function sourceAddresses(n) {
  return Array.from({ length: n }, (_, i) => `127.0.0.${i + 1}`);
}

/**
 * Opens one client, joins `topic` and resolves once the server has answered 201 (kept as `client.answer`, the
 * parsed frame). `join` adds to the join's payLoad (`{since, epoch}` resumes). `onFrame(buf, client)` gets every
 * other frame as a Buffer, also those before the 201 (a resume's replay). Rejects on a refusal (a 410 too), a close
 * or `timeoutMs`.
 */
function connect({ base, token, topic, localAddress, onFrame, onClose, timeoutMs = 30000, thin = false, join }) {
  return new Promise((resolve, reject) => {
    const wsUrl = base.replace(/^http/, 'ws').replace(/\/$/, '') + '/ws?token=' + encodeURIComponent(token);
    const ws = thin ? new ThinSocket(wsUrl, { localAddress, handshakeTimeout: timeoutMs })
      : new WebSocket(wsUrl, { perMessageDeflate: false, localAddress, handshakeTimeout: timeoutMs });
    const client = { ws, token, topic, joined: false };
    const timer = setTimeout(() => { ws.terminate(); reject(new Error('join timed out')); }, timeoutMs);
    ws.on('open', () => ws.send(joinFrame(token, topic, join)));
    ws.on('message', (buf) => {
      if (!client.joined && buf.indexOf(CODE200) < 0) {
        const frame = JSON.parse(buf.toString('utf8'));
        if (frame.code === 201) {
          client.joined = true;
          client.answer = frame;
          clearTimeout(timer);
          resolve(client);
          return;
        }
        if (frame.code >= 400) {
          clearTimeout(timer);
          ws.terminate();
          reject(new Error(`join refused: ${buf.toString('utf8').slice(0, 200)}`));
          return;
        }
      }
      onFrame(buf, client);
    });
    ws.on('error', (e) => { if (!client.joined) { clearTimeout(timer); reject(e); } });
    ws.on('close', (code, reason) => {
      if (!client.joined) { clearTimeout(timer); reject(new Error(`closed ${code} ${reason}`)); }
      else if (onClose) onClose(client, code, String(reason));
    });
  });
}

/** Joins refused with 503 ("try again") that were retried, as a client would; reported with the results. */
const retried = { joins: 0 };

/** `connect`, retrying a 503 refusal up to 3 times after 200, 400, 800 ms. */
async function connectRetrying(options) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await connect(options);
    } catch (e) {
      if (attempt >= 3 || !/"code":503/.test(e.message)) throw e;
      retried.joins++;
      await sleep(200 * 2 ** attempt);
    }
  }
}

/** Opens `count` clients with at most `parallel` handshakes in flight. */
async function connectMany(count, parallel, make) {
  const out = new Array(count);
  let next = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      out[i] = await make(i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return out;
}

const CODE200 = Buffer.from('"code":200');

/**
 * Reads a marked chat item `<tag>:<a>:<b>:<c>` out of a raw `code:200` frame without parsing its JSON (the
 * receivers are many and the load generator has one core). Returns null for any other frame.
 */
function marked(buf, tag) {
  const c = buf.indexOf(CODE200);
  if (c < 0 || c > 16) return null;
  let i = buf.indexOf(tag);
  if (i < 0) return null;
  i += tag.length;
  const nums = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    if (buf[i] !== 58) return null; // ':'
    i++;
    let v = 0;
    let digits = 0;
    while (buf[i] >= 48 && buf[i] <= 57) { v = v * 10 + (buf[i] - 48); i++; digits++; }
    if (!digits) return null;
    nums[k] = v;
  }
  return nums;
}

const SEQ = Buffer.from('seq\\":');

/**
 * The `seq` of the chat item in a raw `code:200` frame (its data is JSON text, so the key reads `seq\":`), read
 * without parsing the JSON; -1 for any other frame.
 */
function itemSeq(buf) {
  const c = buf.indexOf(CODE200);
  if (c < 0 || c > 16) return -1;
  let i = buf.indexOf(SEQ);
  if (i < 0) return -1;
  i += SEQ.length;
  while (buf[i] === 32) i++;
  let v = 0;
  let digits = 0;
  while (buf[i] >= 48 && buf[i] <= 57) { v = v * 10 + (buf[i] - 48); i++; digits++; }
  return digits ? v : -1;
}

function histogram() {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600 * 1000 * 1000, numberOfSignificantValueDigits: 3 });
}

/** Microseconds on the monotonic clock: senders and receivers live in the same process. */
function nowMicros() {
  return Math.round(performance.now() * 1000);
}

function summary(h) {
  const ms = (v) => Math.round(v / 10) / 100;
  return {
    count: h.totalCount,
    p50: ms(h.getValueAtPercentile(50)),
    p95: ms(h.getValueAtPercentile(95)),
    p99: ms(h.getValueAtPercentile(99)),
    max: ms(h.maxValue),
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

module.exports = {
  retried, connectRetrying, ThinSocket, request, login, openStream, tokens, joinFrame, heartbeatFrame, chatFrame, sourceAddresses, connect,
  connectMany, marked, itemSeq, histogram, nowMicros, summary, sleep, agent,
};
