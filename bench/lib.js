'use strict';
// Shared by the load generator and the smoke check: REST set-up calls, WebSocket clients spread over loopback
// source addresses, frame builders and a cheap parser for the bench's marked chat items.

const http = require('http');
const { performance } = require('perf_hooks');
const WebSocket = require('ws');
const hdr = require('hdr-histogram-js');

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

function joinFrame(token, topic) {
  return JSON.stringify({ token, type: 3, payLoad: JSON.stringify({ topic }) });
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
 * Opens one client, joins `topic` and resolves once the server has answered 201. `onFrame(buf, client)` gets
 * every later frame as a Buffer. Rejects on a refusal, a close or `timeoutMs`.
 */
function connect({ base, token, topic, localAddress, onFrame, onClose, timeoutMs = 30000 }) {
  return new Promise((resolve, reject) => {
    const wsUrl = base.replace(/^http/, 'ws').replace(/\/$/, '') + '/ws?token=' + encodeURIComponent(token);
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false, localAddress, handshakeTimeout: timeoutMs });
    const client = { ws, token, topic, joined: false };
    const timer = setTimeout(() => { ws.terminate(); reject(new Error('join timed out')); }, timeoutMs);
    ws.on('open', () => ws.send(joinFrame(token, topic)));
    ws.on('message', (buf) => {
      if (!client.joined) {
        const frame = JSON.parse(buf.toString('utf8'));
        if (frame.code === 201) {
          client.joined = true;
          clearTimeout(timer);
          resolve(client);
          return;
        }
        if (frame.code !== 200) {
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
  request, login, openStream, tokens, joinFrame, heartbeatFrame, chatFrame, sourceAddresses, connect,
  connectMany, marked, histogram, nowMicros, summary, sleep, agent,
};
