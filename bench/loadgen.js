#!/usr/bin/env node
'use strict';
// The load generator. One process, one event loop (run.sh pins it to its own core). Modes:
//
//   broadcast  N clients in one room, grown in steps; `senders` of them send timestamped messages at `rate`
//              messages/s in total; every receiver records the delivery latency. Stops at the first step whose
//              p95 passes `--limit-ms` or that loses anything.
//   history    `clients` in one room under the broadcast load, while GET /api/message/chatmsg is timed.
//   ingest     many senders in small rooms, each keeping `window` messages with a clientMsgId in flight;
//              counts the 202 acks (durably committed) per second and checks every delivery.
//   rss        opens idle, joined clients up to each level and reads the server's RSS (/proc/<pid>/status).
//   joinstorm  `clients` sockets (tokens made first) open and join one room at once; time to the last 201.
//   deeppage   a room seeded with `items` items through the socket, then page 1, page `page` and the last page
//              read from the database and checked.
//   resumestorm `clients` members of a busy room; run.sh restarts the server (SIGTERM or SIGKILL); each comes
//              back as a client does (the server's named wait, else full-jitter backoff) and resumes with `since`;
//              time from the first close to the last 201, every member's seqs checked for gaps and duplicates,
//              every acked message checked in history.
//   fastroom   `clients` members of one room whose chat budget is `budget` (0: off); `senders` viewers send `rate`
//              messages/s in total, the host one message a second, and a viewer asks a question the host answers
//              every second: every host message, question and answer must reach every member (p95 under
//              --limit-ms), each member's intake of viewers' messages must stay within the budget (+10 %), and
//              history must hold every message.
//   likes      `clients` members (a user each) of one room with chat broadcast at `rate` messages/s from `senders`,
//              first with no likes, then with every member tapping like (`like-rate` taps/s in total, `batch` taps a
//              frame): the chat's delivery p95 and the server's CPU (`--server-pid`) in both runs, and whether the
//              room's final like total (GET .../likes and every member's last 250) equals the taps sent and the
//              taps the server took (`liveroom_likes_taps_total{outcome="accepted"}`).
//
// Every mode writes one JSON object to --out (and a short log to stderr). All loops are bounded in time.

const fs = require('fs');
const { execFileSync } = require('child_process');
const { monitorEventLoopDelay } = require('perf_hooks');
const L = require('./lib');

const args = parseArgs(process.argv.slice(2));
const mode = args._[0];
const base = (args.url || 'http://127.0.0.1:8181/').replace(/\/?$/, '/');
const label = args.label || 'server';
const out = args.out;
const sources = L.sourceAddresses(Number(args.sources || 8));
const parallel = Number(args.parallel || 64);
const heartbeatMs = Number(args['heartbeat-ms'] || 20000);
// receivers use the thin client unless --client ws (see lib.js ThinSocket for why)
const thin = (args.client || 'thin') !== 'ws';

function log(...parts) {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)} ${label} ${mode}] ${parts.join(' ')}\n`);
}

function parseArgs(list) {
  const o = { _: [] };
  for (let i = 0; i < list.length; i++) {
    if (list[i].startsWith('--')) o[list[i].slice(2)] = list[i + 1] !== undefined && !list[i + 1].startsWith('--') ? list[++i] : true;
    else o._.push(list[i]);
  }
  return o;
}

function write(result) {
  result.joinsRetried = L.retried.joins;
  const text = JSON.stringify(result, null, 2);
  if (out) fs.writeFileSync(out, text);
  else process.stdout.write(text + '\n');
}

/** A room with a pool of clients that keep their sockets alive with heartbeats (the page beats every 5 s). */
class Room {
  constructor(stream, tokenPool, onFrame) {
    this.stream = stream;
    this.tokens = tokenPool;
    this.onFrame = onFrame;
    this.clients = [];
    this.closed = 0;
    this.closeReasons = {};
    this.beatAt = 0;
    // one timer beats a slice of the clients every 250 ms, so each beats about every `heartbeatMs`
    this.beater = setInterval(() => this.beat(), 250);
  }

  async grow(total) {
    const start = this.clients.length;
    if (total <= start) return;
    const fresh = await L.connectMany(total - start, parallel, (i) => {
      const n = start + i;
      return L.connectRetrying({
        base, token: this.tokens[n % this.tokens.length], topic: this.stream.roomNumber,
        localAddress: sources[n % sources.length], thin,
        onFrame: this.onFrame,
        onClose: (c, code, reason) => {
          this.closed++;
          const key = `${code} ${reason}`.trim();
          this.closeReasons[key] = (this.closeReasons[key] || 0) + 1;
        },
      });
    });
    this.clients.push(...fresh);
  }

  beat() {
    const n = this.clients.length;
    const now = Date.now();
    // as many beats as are due since the last tick: a tick the event loop delayed (while clients connect) is made
    // up for, so no client stays silent much longer than `heartbeatMs` (the server closes sockets silent for 30 s)
    const elapsed = now - (this.lastTick || now - 250);
    this.lastTick = now;
    if (!n) return;
    const slice = Math.min(n, Math.ceil((n * elapsed) / heartbeatMs));
    for (let k = 0; k < slice; k++) {
      // a cursor into the list, not a counter modulo its length: when the room grows, the clients not yet beaten
      // in this round keep their turn instead of being skipped for a round
      this.beatAt = this.beatAt >= n ? 0 : this.beatAt;
      const c = this.clients[this.beatAt++];
      if (c.ws.readyState === 1) c.ws.send(L.heartbeatFrame(c.token));
    }
  }

  async close() {
    clearInterval(this.beater);
    for (const c of this.clients) c.ws.terminate();
    this.clients = [];
    await L.sleep(500);
  }
}

/**
 * CPU used by processes that are not part of the bench (this one, the servers given by --bench-pids), from
 * /proc: on a 2-core machine anything else running skews the figures, so each step records it and waits for
 * a quiet machine (at most --quiet-wait seconds) before it starts.
 */
const benchPids = String(args['bench-pids'] || '').split(',').filter(Boolean).map(Number).concat([process.pid]);
// --bench-comm postgres: processes of that name are part of the server under test too (a database it runs on)
const benchComm = args['bench-comm'] ? `(${args['bench-comm']})` : null;
const HZ = 100;

function commTicks() {
  if (!benchComm) return 0;
  let sum = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const st = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (st.slice(st.indexOf('('), st.lastIndexOf(')') + 1) !== benchComm) continue;
      const rest = st.slice(st.lastIndexOf(')') + 2).split(' ');
      sum += Number(rest[11]) + Number(rest[12]);
    } catch (e) { /* gone */ }
  }
  return sum;
}

function cpuTicks() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const busy = f[0] + f[1] + f[2]; // user, nice, system (interrupt work is left out: the bench's own traffic causes it)
  let ours = 0;
  for (const pid of benchPids) {
    try {
      const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = st.slice(st.lastIndexOf(')') + 2).split(' ');
      lastTicks.set(pid, Number(rest[11]) + Number(rest[12]));
    } catch (e) { /* gone (a server that was restarted): its last reading stands */ }
    ours += lastTicks.get(pid) || 0;
  }
  ours += commTicks();
  return { busy, ours, at: Date.now() };
}

/** The last CPU reading of each bench process, so that one that exits (a restart) is not taken for a foreign one. */
const lastTicks = new Map();

/** Percent of one core used by foreign processes since `t0`. */
function foreignPct(t0) {
  const t1 = cpuTicks();
  const secs = (t1.at - t0.at) / 1000;
  return Math.max(0, Math.round(((t1.busy - t0.busy) - (t1.ours - t0.ours)) / HZ / secs * 100));
}

async function waitQuiet() {
  const limit = Number(args['quiet-pct'] || 15);
  const deadline = Date.now() + Number(args['quiet-wait'] || 90) * 1000;
  for (;;) {
    const t0 = cpuTicks();
    await L.sleep(1000);
    const pct = foreignPct(t0);
    if (pct <= limit) return pct;
    if (Date.now() > deadline) { log(`machine still busy (${pct}% of a core used by other processes): going on`); return pct; }
    log(`waiting for a quiet machine: other processes use ${pct}% of a core`);
    await L.sleep(4000);
  }
}

/**
 * CPU and event-loop lag of this process over a measured span: shows when the load generator itself is the limit;
 * with the CPU of the server under test (the first of --bench-pids, and its database under --bench-comm) over it.
 */
function selfMeter() {
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  const ticks0 = cpuTicks();
  const server0 = serverTicks();
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  return () => {
    lag.disable();
    const cpu = process.cpuUsage(cpu0);
    const wall = (Date.now() - t0) * 1000;
    return {
      cpuPct: Math.round(((cpu.user + cpu.system) / wall) * 100), lagP99Ms: Math.round(lag.percentile(99) / 1e5) / 10,
      foreignCpuPct: foreignPct(ticks0),
      serverCpuPct: Math.round(((serverTicks() - server0) / HZ / (wall / 1e6)) * 100),
    };
  };
}

/** CPU ticks of the server under test so far. */
function serverTicks() {
  cpuTicks();
  return (benchPids.length > 1 ? lastTicks.get(benchPids[0]) || 0 : 0) + commTicks();
}

/**
 * The broadcast traffic: `rate` messages/s spread round-robin over `senders`, each content `bnch:<step>:<idx>:<µs>`.
 * `received[idx]` counts deliveries; `hist` records latency in µs.
 */
class Traffic {
  constructor(room, senders) {
    this.room = room;
    this.senders = senders;
    this.step = 0;
    this.hist = L.histogram();
    this.received = new Int32Array(1);
    this.expectedPer = new Int32Array(1);
    this.sent = 0;
    this.late = 0;
    this.refusals = {};
  }

  onFrame(buf) {
    const m = L.marked(buf, 'bnch');
    if (!m) {
      const text = buf.toString('utf8');
      if (!/"code":\s*20[0-2]/.test(text)) {
        const code = (/"code":\s*(\d+)/.exec(text) || [])[1] || '?';
        this.refusals[code] = (this.refusals[code] || 0) + 1;
      }
      return;
    }
    if (m[0] !== this.step || m[1] >= this.received.length) { this.late++; return; }
    this.received[m[1]]++;
    this.hist.recordValue(Math.max(1, L.nowMicros() - m[2]));
  }

  /** Sends for `seconds` at `rate`, then waits up to `drainS` for every expected delivery. */
  async run(step, rate, seconds, drainS) {
    this.step = step;
    const capacity = Math.ceil(rate * seconds) + 16;
    this.received = new Int32Array(capacity);
    this.expectedPer = new Int32Array(capacity);
    this.hist.reset();
    this.sent = 0;
    this.late = 0;
    this.refusals = {};
    const senders = this.room.clients.slice(0, this.senders);
    const members = () => this.room.clients.length;
    const t0 = Date.now();
    const total = Math.floor(rate * seconds);
    await new Promise((resolve) => {
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor(((Date.now() - t0) * rate) / 1000));
        while (this.sent < due) {
          const idx = this.sent++;
          const s = senders[idx % senders.length];
          this.expectedPer[idx] = members();
          if (s.ws.readyState === 1) s.ws.send(L.chatFrame(s.token, this.room.stream.roomNumber, `bnch:${step}:${idx}:${L.nowMicros()}`));
        }
        if (this.sent >= total) { clearInterval(timer); resolve(); }
      }, 5);
    });
    const sendSeconds = (Date.now() - t0) / 1000;
    let expected = 0;
    for (let i = 0; i < this.sent; i++) expected += this.expectedPer[i];
    const deadline = Date.now() + drainS * 1000;
    let got = 0;
    while (Date.now() < deadline) {
      got = 0;
      for (let i = 0; i < this.sent; i++) got += this.received[i];
      if (got >= expected) break;
      await L.sleep(100);
    }
    got = 0;
    let dup = 0;
    for (let i = 0; i < this.sent; i++) {
      got += this.received[i];
      if (this.received[i] > this.expectedPer[i]) dup += this.received[i] - this.expectedPer[i];
    }
    return {
      sent: this.sent, expected, delivered: got, lost: Math.max(0, expected - (got - dup)), duplicates: dup,
      late: this.late, refusals: this.refusals, sendSeconds: round2(sendSeconds),
      deliveriesPerS: Math.round(got / sendSeconds),
      latencyMs: L.summary(this.hist),
    };
  }
}

const round2 = (v) => Math.round(v * 100) / 100;

async function setUp(tokenCount, prefix) {
  const hostToken = await L.login(base, `${prefix}-host`);
  const stream = await L.openStream(base, hostToken, `bench ${prefix}`);
  const pool = await L.tokens(base, tokenCount, `${prefix}-`);
  return { hostToken, stream, pool };
}

async function broadcast() {
  const steps = String(args.steps || '500,1000,2000,3000,4000,5000,6000,8000,10000,12000,14000,16000').split(',').map(Number);
  const senders = Number(args.senders || 10);
  const rate = Number(args.rate || 20);
  const duration = Number(args.duration || 10);
  const drain = Number(args.drain || 10);
  const limitMs = Number(args['limit-ms'] || 500);
  const warmup = Number(args.warmup || 0);
  const { stream, pool } = await setUp(Math.max(senders, Number(args.tokens || 100)), `${label}-b`);
  let traffic;
  const room = new Room(stream, pool, (buf) => traffic.onFrame(buf));
  traffic = new Traffic(room, senders);
  const result = { mode: 'broadcast', label, url: base, senders, rate, duration, drain, limitMs, steps: [], warmup: null };
  let step = 0;
  if (warmup > 0) {
    const n = Number(args['warmup-clients'] || 500);
    await room.grow(n);
    log(`warm-up: ${n} clients, ${warmup}s at ${rate * 2} msg/s`);
    const w = await traffic.run(++step, rate * 2, warmup, drain);
    result.warmup = { clients: n, ...w };
    log(`warm-up done: p95 ${w.latencyMs.p95} ms, lost ${w.lost}`);
  }
  for (const n of steps) {
    const c0 = Date.now();
    try {
      await room.grow(n);
    } catch (e) {
      log(`could not open ${n} clients: ${e.message}`);
      result.steps.push({ clients: n, error: `connect: ${e.message}`, pass: false });
      break;
    }
    const connectS = (Date.now() - c0) / 1000;
    await L.sleep(Number(args.settle || 2) * 1000);
    await waitQuiet();
    const closedBefore = room.closed;
    const meter = selfMeter();
    const r = await traffic.run(++step, rate, duration, drain);
    const self = meter();
    const closed = room.closed - closedBefore;
    const pass = r.lost === 0 && closed === 0 && r.latencyMs.p95 < limitMs;
    const row = { clients: room.clients.length, connectSeconds: round2(connectS), closed, ...r, loadgen: self, pass };
    result.steps.push(row);
    log(`${n} clients: p50 ${r.latencyMs.p50} p95 ${r.latencyMs.p95} p99 ${r.latencyMs.p99} max ${r.latencyMs.max} ms,`
      + ` ${r.deliveriesPerS} deliveries/s, lost ${r.lost}, closed ${closed}, loadgen cpu ${self.cpuPct}% lag p99 ${self.lagP99Ms} ms,`
      + ` other processes ${self.foreignCpuPct}%`
      + (pass ? '' : '  <- limit'));
    if (!pass) break;
  }
  const passing = result.steps.filter((s) => s.pass);
  result.maxClients = passing.length ? passing[passing.length - 1].clients : 0;
  result.reachedLimit = result.steps.some((s) => !s.pass);
  result.closeReasons = room.closeReasons;
  await room.close();
  write(result);
}

async function history() {
  const clients = Number(args.clients || 1000);
  const senders = Number(args.senders || 10);
  const rate = Number(args.rate || 20);
  const duration = Number(args.duration || 20);
  const hRate = Number(args['history-rate'] || 50);
  const per = Number(args['per-page'] || 50);
  const { hostToken, stream, pool } = await setUp(Math.max(senders, Number(args.tokens || 100)), `${label}-h`);
  let traffic;
  const room = new Room(stream, pool, (buf) => traffic.onFrame(buf));
  traffic = new Traffic(room, senders);
  await room.grow(clients);
  // fill a few pages of history first so page 1 is a real page
  await traffic.run(1, Math.max(rate, 50), 4, 10);
  // three kinds of read, in turn: page 1, the items after a recent position, the newest before one (the positions
  // follow the room's last seq, as page 1 reports it)
  const kinds = ['page1', 'after', 'before'];
  const hists = Object.fromEntries(kinds.map((k) => [k, L.histogram()]));
  const failed = Object.fromEntries(kinds.map((k) => [k, 0]));
  const hist = L.histogram();
  let failures = 0;
  let running = true;
  let inFlight = 0;
  let lastSeq = 0;
  let turn = 0;
  const pathOf = (kind) => (kind === 'page1' || lastSeq < 3 * per
    ? `/api/message/chatmsg?stream=${stream.id}&page=1&resultsPerPage=${per}`
    : kind === 'after' ? `/api/message/chatmsg?stream=${stream.id}&after=${lastSeq - 2 * per}&limit=${per}`
      : `/api/message/chatmsg?stream=${stream.id}&before=${lastSeq - per}&limit=${per}`);
  const fire = (record) => {
    inFlight++;
    const kind = kinds[turn++ % kinds.length];
    const t = L.nowMicros();
    L.request(base, 'GET', pathOf(kind), { token: hostToken })
      .then((data) => {
        if (kind === 'page1' && data.items && data.items.length) lastSeq = Math.max(lastSeq, data.items[data.items.length - 1].seq);
        if (!record) return;
        if (!data.items || data.items.length !== per) { failures++; failed[kind]++; }
        const took = Math.max(1, L.nowMicros() - t);
        hist.recordValue(took);
        hists[kind].recordValue(took);
      })
      .catch(() => { if (record) { failures++; failed[kind]++; } })
      .finally(() => { inFlight--; });
  };
  let record = false;
  const t0 = Date.now();
  let fired = 0;
  const pacer = setInterval(() => {
    if (!running) return;
    const due = Math.floor(((Date.now() - t0) * hRate) / 1000);
    while (fired < due) { fired++; fire(record); }
  }, 5);
  await L.sleep(3000); // the history path warms up before it is timed
  await waitQuiet();
  record = true;
  const meter = selfMeter();
  const r = await traffic.run(2, rate, duration, 10);
  const self = meter();
  running = false;
  clearInterval(pacer);
  for (let i = 0; i < 100 && inFlight > 0; i++) await L.sleep(100);
  const result = {
    mode: 'history', label, url: base, clients, senders, rate, historyRate: hRate, perPage: per, duration,
    requests: hist.totalCount, failures, latencyMs: L.summary(hist), broadcast: r, loadgen: self,
    kinds: Object.fromEntries(kinds.map((k) => [k, { requests: hists[k].totalCount, failures: failed[k], latencyMs: L.summary(hists[k]) }])),
  };
  log(`history page (${per}/page) under ${clients} clients x ${rate} msg/s: p50 ${result.latencyMs.p50} p95 ${result.latencyMs.p95}`
    + ` p99 ${result.latencyMs.p99} max ${result.latencyMs.max} ms over ${hist.totalCount} requests, ${failures} failures;`
    + ` broadcast p95 ${r.latencyMs.p95} ms, lost ${r.lost}`);
  await room.close();
  write(result);
}

async function ingest() {
  const senderCount = Number(args.senders || 64);
  const roomSize = Number(args['room-size'] || 4);
  const window = Number(args.window || 16);
  const duration = Number(args.duration || 20);
  const warmup = Number(args.warmup || 5);
  // --rate: an open loop at this many messages/s in total (spread over the senders), instead of the window's closed loop
  const paced = args.rate ? Number(args.rate) : 0;
  const rooms = Math.ceil(senderCount / roomSize);
  const hostToken = await L.login(base, `${label}-i-host`);
  const streams = [];
  for (let r = 0; r < rooms; r++) streams.push(await L.openStream(base, hostToken, `ingest ${r}`));
  const pool = await L.tokens(base, senderCount, `${label}-i-`);
  const ackHist = L.histogram();
  let counting = false;
  let sending = true;
  let acked = 0;
  let ackedCounted = 0;
  let sentTotal = 0;
  let delivered = 0;
  const refusals = {};
  const senders = [];
  const sendNext = (s) => {
    if (!sending || s.client.ws.readyState !== 1) return;
    const n = s.next++;
    const id = `${s.index}-${n}`;
    s.inFlight.set(id, L.nowMicros());
    sentTotal++;
    s.client.ws.send(L.chatFrame(s.client.token, s.client.topic, `ingst:${s.index}:${n}:${L.nowMicros()}`, id));
  };
  const onFrame = (buf, client) => {
    if (L.marked(buf, 'ingst')) { delivered++; return; }
    const frame = JSON.parse(buf.toString('utf8'));
    const s = client.sender;
    if (frame.code === 202 && s && s.inFlight.has(frame.data.clientMsgId)) {
      const t = s.inFlight.get(frame.data.clientMsgId);
      s.inFlight.delete(frame.data.clientMsgId);
      acked++;
      if (counting) { ackedCounted++; ackHist.recordValue(Math.max(1, L.nowMicros() - t)); }
      if (!paced) sendNext(s);
    } else if (frame.code >= 400) {
      // other 2xx codes are events (the online count, moderation): news, not refusals
      refusals[frame.code] = (refusals[frame.code] || 0) + 1;
      // a refusal names no clientMsgId: forget what is in flight and refill the window once, a little later
      if (s && !s.refilling) {
        s.refilling = true;
        setTimeout(() => { s.refilling = false; s.inFlight.clear(); if (!paced) for (let k = 0; k < window; k++) sendNext(s); }, 200);
      }
    }
  };
  const clients = await L.connectMany(senderCount, parallel, (i) => L.connectRetrying({
    base, token: pool[i], topic: streams[i % rooms].roomNumber, localAddress: sources[i % sources.length], onFrame, thin,
  }));
  clients.forEach((client, index) => {
    const s = { index, client, next: 0, inFlight: new Map() };
    client.sender = s;
    senders.push(s);
  });
  const hb = setInterval(() => clients.forEach((c) => c.ws.readyState === 1 && c.ws.send(L.heartbeatFrame(c.token))), 10000);
  let pacer = null;
  if (paced) {
    log(`${senderCount} senders in ${rooms} rooms of ${roomSize}, ${paced} msgs/s in total; warm-up ${warmup}s`);
    const t0p = Date.now();
    let due = 0;
    let turn = 0;
    pacer = setInterval(() => {
      const now = Math.floor(((Date.now() - t0p) * paced) / 1000);
      for (; due < now; due++) sendNext(senders[turn++ % senders.length]);
    }, 2);
  } else {
    log(`${senderCount} senders in ${rooms} rooms of ${roomSize}, ${window} in flight each; warm-up ${warmup}s`);
    for (const s of senders) for (let k = 0; k < window; k++) sendNext(s);
  }
  await L.sleep(warmup * 1000);
  await waitQuiet();
  const meter = selfMeter();
  counting = true;
  const t0 = Date.now();
  await L.sleep(duration * 1000);
  counting = false;
  const seconds = (Date.now() - t0) / 1000;
  const self = meter();
  sending = false;
  if (pacer) clearInterval(pacer);
  for (let i = 0; i < 100 && senders.some((s) => s.inFlight.size); i++) await L.sleep(100);
  const unacked = senders.reduce((a, s) => a + s.inFlight.size, 0);
  await L.sleep(1000);
  clearInterval(hb);
  // what history holds must be at least everything acked (it is the durable record)
  let stored = 0;
  for (const st of streams) {
    const page = await L.request(base, 'GET', `/api/message/chatmsg?stream=${st.id}&page=1&resultsPerPage=1`, { token: hostToken }).catch(() => null);
    stored += page ? page.total : NaN;
  }
  const expectedDeliveries = sentTotal * roomSize;
  const result = {
    mode: 'ingest', label, url: base, senders: senderCount, rooms, roomSize, window: paced ? null : window,
    rate: paced || null, duration: round2(seconds),
    ackedPerS: Math.round(ackedCounted / seconds), ackedTotal: acked, sentTotal, unacked, storedInHistory: stored,
    deliveriesExpected: expectedDeliveries, deliveries: delivered, lost: Math.max(0, expectedDeliveries - delivered),
    refusals, ackLatencyMs: L.summary(ackHist), loadgen: self,
  };
  log(`${result.ackedPerS} acked msgs/s; ack p50 ${result.ackLatencyMs.p50} p99 ${result.ackLatencyMs.p99} ms;`
    + ` sent ${sentTotal} acked ${acked} stored ${stored} unacked ${unacked}; deliveries lost ${result.lost}`);
  for (const c of clients) c.ws.terminate();
  write(result);
}

/**
 * A room of `items` items (sent through the socket, as fast as `senders` keeping `window` each in flight get acks),
 * then history pages read from the database once the senders have left: page 1, `page`, and the last page, each
 * `reads` times one after another, each answer checked against the seqs it must hold.
 */
async function deeppage() {
  const items = Number(args.items || 1000000);
  const senderCount = Number(args.senders || 4);
  const window = Number(args.window || 256);
  const per = Number(args['per-page'] || 20);
  const deepPage = Number(args.page || 10000);
  const reads = Number(args.reads || 200);
  const hostToken = await L.login(base, `${label}-d-host`);
  const stream = await L.openStream(base, hostToken, 'a million items');
  const pool = await L.tokens(base, senderCount, `${label}-d-`);
  let sent = 0;
  let acked = 0;
  let refused = 0;
  const t0 = Date.now();
  let finished;
  const done = new Promise((resolve) => { finished = resolve; });
  const sendNext = (client) => {
    if (sent >= items || client.ws.readyState !== 1) return;
    const n = sent++;
    client.ws.send(L.chatFrame(client.token, client.topic, `deep ${n}`, `d${n}`));
  };
  const onFrame = (buf, client) => {
    if (buf.length > 200 || !buf.includes('"code":20')) return;
    const frame = JSON.parse(buf.toString('utf8'));
    if (frame.code === 202) {
      acked++;
      if (acked % 100000 === 0) log(`${acked} acked, ${Math.round(acked / ((Date.now() - t0) / 1000))}/s`);
      if (acked + refused >= items) finished();
      sendNext(client);
    }
  };
  const onError = (buf) => {
    if (buf.includes('"code":5') || buf.includes('"code":4')) refused++;
  };
  const clients = await L.connectMany(senderCount, parallel, (i) => L.connectRetrying({
    base, token: pool[i], topic: stream.roomNumber, localAddress: sources[i % sources.length],
    onFrame: (buf, c) => { onError(buf); onFrame(buf, c); }, thin,
  }));
  const hb = setInterval(() => clients.forEach((c) => c.ws.readyState === 1 && c.ws.send(L.heartbeatFrame(c.token))), 10000);
  for (const c of clients) for (let k = 0; k < window; k++) sendNext(c);
  const deadline = L.sleep(Number(args['seed-timeout'] || 900) * 1000).then(() => 'timeout');
  const seeded = await Promise.race([done.then(() => 'done'), deadline]);
  const seedSeconds = (Date.now() - t0) / 1000;
  clearInterval(hb);
  for (const c of clients) c.ws.terminate();
  log(`seeded ${acked} items (${refused} refused) in ${round2(seedSeconds)} s: ${Math.round(acked / seedSeconds)}/s (${seeded})`);
  // the room's log goes with its last member: what follows is read from the database, once the server (and its
  // database: a million rows just written) has settled
  await L.sleep(10000);
  await waitQuiet();
  const first = await L.request(base, 'GET', `/api/message/chatmsg?stream=${stream.id}&page=1&resultsPerPage=1`, { token: hostToken });
  const total = first.total;
  const lastPage = Math.ceil(total / per);
  const pages = {};
  for (const page of [1, deepPage, lastPage]) {
    const hist = L.histogram();
    let wrong = 0;
    // with nothing deleted, page p holds the seqs total-p*per+1 .. total-(p-1)*per
    const top = total - (page - 1) * per;
    const want = Array.from({ length: Math.min(per, top) }, (_, k) => Math.max(1, top - per + 1) + k);
    for (let r = 0; r < reads; r++) {
      const t = L.nowMicros();
      const data = await L.request(base, 'GET', `/api/message/chatmsg?stream=${stream.id}&page=${page}&resultsPerPage=${per}`, { token: hostToken });
      hist.recordValue(Math.max(1, L.nowMicros() - t));
      const got = data.items.map((i) => i.seq);
      if (got.length !== want.length || got.some((v, k) => v !== want[k])) wrong++;
    }
    pages[page] = { reads, wrong, latencyMs: L.summary(hist) };
    log(`page ${page} of ${per}: p50 ${pages[page].latencyMs.p50} p99 ${pages[page].latencyMs.p99} max ${pages[page].latencyMs.max} ms, ${wrong} wrong`);
  }
  write({ mode: 'deeppage', label, url: base, items: total, seedSeconds: round2(seedSeconds), seededPerS: Math.round(acked / seedSeconds),
    refused, perPage: per, deepPage, lastPage, pages });
}

/** A short name for why a connect or join failed, to count failures by kind. */
function failureReason(e) {
  const m = String((e && e.message) || e);
  const code = /"code":\s*(\d+)/.exec(m);
  if (code) return `refused ${code[1]}`;
  const upgrade = /upgrade refused: HTTP\/1\.1 (\d+)/.exec(m) || /Unexpected server response: (\d+)/.exec(m);
  if (upgrade) return `handshake ${upgrade[1]}`;
  if (e && e.code) return e.code;
  return m.replace(/\d+ ms/, 'N ms').slice(0, 60);
}

const count = (map, key) => { map[key] = (map[key] || 0) + 1; };

/**
 * The join storm: `clients` sockets, each with a guest token made before the clock starts (one user each unless
 * --tokens is smaller), open their socket and send their join all at once, at most `parallel` in flight (a
 * handshake or a join not yet answered); the next one starts as soon as one is answered, so the server always
 * has `parallel` waiting. Measured: from the first handshake to the last 201, joins/s, each join's time from its
 * socket's opening to its 201, failures by kind (nothing is retried) and sockets closed after their join (during
 * the storm and `hold` seconds after it).
 */
async function joinstorm() {
  const clients = Number(args.clients || 10000);
  const inFlight = Number(args.parallel || 500);
  const tokenCount = Math.min(clients, Number(args.tokens || clients));
  const timeoutMs = Number(args['join-timeout'] || 60) * 1000;
  const hold = Number(args.hold || 3);
  const s0 = Date.now();
  const { stream, pool } = await setUp(tokenCount, `${label}-j`);
  const signInSeconds = round2((Date.now() - s0) / 1000);
  log(`${tokenCount} guests signed in (${signInSeconds} s, before the clock); ${clients} sockets join, ${inFlight} in flight`);
  const room = new Room(stream, pool, () => {});
  const lat = L.histogram();
  const failures = {};
  await L.sleep(2000);
  await waitQuiet();
  const meter = selfMeter();
  const t0 = L.nowMicros();
  let last = t0;
  let joined = 0;
  await L.connectMany(clients, inFlight, async (i) => {
    const t = L.nowMicros();
    try {
      const c = await L.connect({
        base, token: pool[i % pool.length], topic: stream.roomNumber, localAddress: sources[i % sources.length], thin,
        timeoutMs, onFrame: () => {},
        onClose: (cl, code, reason) => { room.closed++; count(room.closeReasons, `${code} ${reason}`.trim()); },
      });
      const now = L.nowMicros();
      lat.recordValue(Math.max(1, now - t));
      last = Math.max(last, now);
      joined++;
      room.clients.push(c);
    } catch (e) {
      count(failures, failureReason(e));
    }
  });
  const self = meter();
  const seconds = (last - t0) / 1e6;
  await L.sleep(hold * 1000);
  const failed = clients - joined;
  const result = {
    mode: 'joinstorm', label, url: base, clients, parallel: inFlight, tokens: tokenCount, signInSeconds,
    joined, failed, failures, closed: room.closed, closeReasons: room.closeReasons, allJoined: failed === 0,
    seconds: round2(seconds), joinsPerS: seconds > 0 ? Math.round(joined / seconds) : 0, joinMs: L.summary(lat), loadgen: self,
  };
  log(`${joined}/${clients} joined in ${result.seconds} s (first handshake to last 201): ${result.joinsPerS} joins/s;`
    + ` join p50 ${result.joinMs.p50} p95 ${result.joinMs.p95} p99 ${result.joinMs.p99} max ${result.joinMs.max} ms;`
    + ` failed ${failed} ${JSON.stringify(failures)}; closed ${room.closed}; loadgen cpu ${self.cpuPct}%,`
    + ` other processes ${self.foreignCpuPct}%`);
  await room.close();
  write(result);
}

/**
 * The resume storm. `clients` members join a room; the host sends `rate` messages/s (with a clientMsgId, so each
 * ack names the item's seq) for `busy` seconds; then the load generator writes --restart-request and run.sh
 * restarts the server (SIGTERM or SIGKILL, the same command again, on the same data) and writes --restart-done once
 * it answers again. Every member, and the host, then comes back as a real client does, on its own: it waits what the
 * server named (a 1012 close's "reconnect in <ms> ms", a 503 handshake's Retry-After), else a random wait between 0
 * and a cap that doubles from `backoff-base-ms` to `backoff-max-ms` (full jitter), and resumes with `since` = the last
 * seq it saw and its epoch; the server replays what it missed, then answers 201. Measured: from the first socket
 * closed by the restart to the last 201, each member's time away, its attempts and why they failed. Every member
 * checks every item it gets, before and after the restart: each seq must be the one after the last (a higher one is
 * a gap, a lower one a duplicate). The host sends whenever it is connected; after the storm it sends `live` more
 * seconds; then every member must have reached the room's last seq (the highest the host was acked or any member
 * saw), and every message the host was acked must be in the room's history with the seq of its ack. A resume refused
 * for good (410) or a member not back within `resume-deadline` seconds is a failure.
 */
async function resumestorm() {
  const clients = Number(args.clients || 5000);
  const rate = Number(args.rate || 10);
  const busy = Number(args.busy || 10);
  const live = Number(args.live || 5);
  const drain = Number(args.drain || 10);
  const tokenCount = Math.min(clients, Number(args.tokens || clients));
  const timeoutMs = Number(args['join-timeout'] || 60) * 1000;
  const backoffBase = Number(args['backoff-base-ms'] || 500);
  const backoffMax = Number(args['backoff-max-ms'] || 15000);
  const resumeDeadline = Number(args['resume-deadline'] || 300) * 1000;
  const requestFile = args['restart-request'];
  const doneFile = args['restart-done'];
  const restartWait = Number(args['restart-wait'] || 300);
  if (!requestFile || !doneFile) throw new Error('--restart-request and --restart-done are needed');
  const { hostToken, stream, pool } = await setUp(tokenCount, `${label}-s`);
  const topic = stream.roomNumber;
  const refusals = {};
  const room = new Room(stream, pool, () => {});

  // every member keeps the next seq it expects; every item is checked against it
  const members = Array.from({ length: clients }, (_, i) => ({
    i, token: pool[i % pool.length], next: 0, epoch: null, gaps: 0, missing: 0, dups: 0, duplicates: 0, items: 0,
    client: null, resumed: false, failure: null, replayed: 0, closedAfterResume: 0, closedAt: 0, backAt: 0,
    attempts: 0, backoff: 0,
  }));
  const onItem = (m, buf) => {
    const seq = L.itemSeq(buf);
    if (seq < 0) {
      if (buf.indexOf('"code":4') === 1 || buf.indexOf('"code":5') === 1) count(refusals, buf.toString('utf8', 8, 11));
      return;
    }
    m.items++;
    if (seq === m.next) m.next++;
    else if (seq > m.next) { m.gaps++; m.missing += seq - m.next; m.next = seq + 1; }
    else { m.dups++; m.duplicates++; }
  };
  const phase = { now: 'before' };
  const closes = { before: 0, restart: 0, after: 0 };
  const closeLabel = { before: 'before the restart', restart: 'at the restart', after: 'after resuming' };
  const namedWait = (code, reason) => {
    const named = (code === 1012 || code === 1013) && /reconnect in (\d+) ms/.exec(reason || '');
    return named ? Number(named[1]) : null;
  };
  // full jitter: anywhere between 0 and a cap that doubles with each failed attempt
  const jitter = (who) => Math.random() * Math.min(backoffMax, backoffBase * 2 ** who.backoff++);
  const waited = { named: 0, retryAfter: 0, backoff: 0 };
  const attemptFailures = {};
  let firstClose = 0;
  let storm = null;
  const lat = L.histogram();
  const loops = [];

  /** A member comes back as a client does, after `wait` ms, until it is in again (or given up). */
  const comeBack = async (m, wait) => {
    for (;;) {
      await L.sleep(wait);
      if (L.nowMicros() - firstClose > resumeDeadline * 1000) { m.failure = 'not back in time'; return; }
      m.attempts++;
      try {
        m.client = await open(m, { since: m.next - 1, epoch: m.epoch });
        m.backAt = L.nowMicros();
        lat.recordValue(Math.max(1, m.backAt - m.closedAt));
        m.resumed = true;
        m.replayed = Number(m.client.answer.data.replayed || 0);
        room.clients.push(m.client);
        if (members.every((x) => x.resumed || x.failure || x.epoch === null)) phase.now = 'after';
        return;
      } catch (e) {
        const why = failureReason(e);
        count(attemptFailures, why);
        if (why === 'refused 410') { m.failure = why; return; }
        if (e.retryAfterMs) { waited.retryAfter++; wait = e.retryAfterMs; } else { waited.backoff++; wait = jitter(m); }
      }
    }
  };
  const open = (m, join) => L.connect({
    base, token: m.token, topic, localAddress: sources[m.i % sources.length], thin, timeoutMs, join,
    onFrame: (buf) => onItem(m, buf),
    onClose: (c, code, reason) => {
      if (m.client !== c) return;
      closes[phase.now]++;
      count(room.closeReasons, `${closeLabel[phase.now]}: ${code} ${reason.replace(/\d+ ms/, 'N ms')}`.trim());
      if (phase.now === 'after' && m.resumed) { m.closedAfterResume++; return; }
      if (phase.now !== 'restart' || m.closedAt) return;
      m.closedAt = L.nowMicros();
      if (!firstClose) firstClose = m.closedAt;
      room.clients = room.clients.filter((x) => x !== c);
      const named = namedWait(code, reason);
      if (named !== null) waited.named++;
      loops.push(comeBack(m, named !== null ? named : jitter(m)));
    },
  });

  // the members join, plainly
  let joinFailures = 0;
  await L.connectMany(clients, parallel, async (i) => {
    const m = members[i];
    // a handshake the server's admission control turns away names when to come back: the member does, as a client would
    for (let attempt = 0; ; attempt++) {
      try {
        m.client = await open(m);
        m.epoch = m.client.answer.data.epoch;
        m.next = Number(m.client.answer.data.seq) + 1;
        room.clients.push(m.client);
        return;
      } catch (e) {
        if (e.retryAfterMs && attempt < 20) {
          await L.sleep(e.retryAfterMs);
          continue;
        }
        joinFailures++;
        m.failure = `first join: ${failureReason(e)}`;
        return;
      }
    }
  });
  const joinedMembers = members.filter((m) => m.client);
  log(`${joinedMembers.length}/${clients} members joined room ${topic} (epoch ${joinedMembers.length ? joinedMembers[0].epoch : '?'})`);

  // the host: a ws client that sends `rate` messages/s whenever its socket is open, and comes back like the members
  const host = { client: null, sent: 0, sentWhileStopping: 0, skipped: 0, acked: 0, maxAckedSeq: 0, refusals: {}, closes: {}, backoff: 0, acks: new Map() };
  const hostFrame = (buf) => {
    const text = buf.toString('utf8');
    if (text.startsWith('{"code":202')) {
      const f = JSON.parse(text);
      host.acked++;
      host.maxAckedSeq = Math.max(host.maxAckedSeq, Number(f.data.seq));
      host.acks.set(f.data.clientMsgId, Number(f.data.seq));
    } else if (/^\{"code":[45]/.test(text)) count(host.refusals, text.slice(8, 11));
  };
  const hostJoin = async (wait) => {
    for (;;) {
      await L.sleep(wait);
      try {
        const c = await L.connect({
          base, token: hostToken, topic, thin: false, onFrame: hostFrame,
          onClose: (client, code, reason) => {
            if (phase.now === 'end' || host.client !== client) return;
            count(host.closes, `${closeLabel[phase.now]}: ${code} ${reason.replace(/\d+ ms/, 'N ms')}`.trim());
            host.client = null;
            const named = namedWait(code, reason);
            hostJoin(named !== null ? named : jitter(host));
          },
        });
        host.client = c;
        host.backoff = 0;
        return;
      } catch (e) {
        if (firstClose && L.nowMicros() - firstClose > resumeDeadline * 1000) throw new Error(`the host could not join again: ${e.message}`);
        wait = jitter(host);
      }
    }
  };
  await waitQuiet();
  await hostJoin(0);
  // the host beats too (the server closes a socket silent for 30 s)
  const hostBeat = setInterval(() => {
    if (host.client && host.client.ws.readyState === 1) host.client.ws.send(L.heartbeatFrame(hostToken));
  }, 5000);
  let pacer = null;
  let counter = 0;
  const startSending = () => {
    const t0 = Date.now();
    let due0 = 0;
    pacer = setInterval(() => {
      const due = Math.floor(((Date.now() - t0) * rate) / 1000);
      while (due0 < due) {
        due0++;
        const ws = host.client && host.client.ws;
        if (ws && ws.readyState === 1) {
          const n = counter++;
          host.sent++;
          if (phase.now === 'restart') host.sentWhileStopping++;
          ws.send(L.chatFrame(hostToken, topic, `rsm:${n}`, `r${n}`));
        } else host.skipped++;
      }
    }, 5);
  };
  startSending();
  log(`the host sends ${rate} msg/s; ${busy} s until the restart`);
  await L.sleep(busy * 1000);

  // the restart, by run.sh; the members come back on their own as their sockets close
  const beforeRestart = { sent: host.sent, acked: host.acked, maxAckedSeq: host.maxAckedSeq };
  phase.now = 'restart';
  fs.rmSync(doneFile, { force: true });
  fs.writeFileSync(requestFile, `${label}\n`);
  log(`restart requested (the host sent ${host.sent} messages, ${host.acked} acked, last seq ${host.maxAckedSeq})`);
  const meter = selfMeter();
  const r0 = Date.now();
  let done = null;
  while (!done) {
    if (Date.now() - r0 > restartWait * 1000) throw new Error(`no restart within ${restartWait} s`);
    await L.sleep(200);
    if (fs.existsSync(doneFile)) done = JSON.parse(fs.readFileSync(doneFile, 'utf8'));
  }
  if (done.pid) benchPids.push(Number(done.pid));
  log(`the server answers again (${done.signal || 'TERM'}; down ${done.downSeconds} s, boot ${done.bootSeconds} s, pid ${done.pid}); ${loops.length} members on their way back`);
  // members whose socket the restart did not close (none, normally) are not waited for
  const stormMembers = members.filter((m) => m.epoch !== null);
  while (phase.now === 'restart' && L.nowMicros() - firstClose < resumeDeadline * 1000
    && !stormMembers.every((m) => m.resumed || m.failure)) await L.sleep(100);
  phase.now = 'after';
  await Promise.all(loops);
  const self = meter();
  const resumed = stormMembers.filter((m) => m.resumed);
  const last = resumed.reduce((a, m) => Math.max(a, m.backAt), firstClose);
  const seconds = (last - firstClose) / 1e6;
  const failures = {};
  stormMembers.filter((m) => !m.resumed).forEach((m) => count(failures, m.failure || 'never closed'));
  log(`${resumed.length}/${stormMembers.length} back ${round2(seconds)} s after the first close; failures ${JSON.stringify(failures)}; ${live} s more of live items`);
  await L.sleep(live * 1000);
  clearInterval(pacer);
  clearInterval(hostBeat);
  const a0 = Date.now();
  while (Date.now() - a0 < 10000 && host.acked < host.sent) await L.sleep(100);
  // the room's last seq: the host's last ack, or a higher seq a member saw (an item whose ack was lost)
  const lastSeq = () => Math.max(host.maxAckedSeq, ...resumed.map((m) => m.next - 1));
  const d0 = Date.now();
  while (Date.now() - d0 < drain * 1000 && resumed.some((m) => m.next - 1 < lastSeq())) await L.sleep(100);
  const finalSeq = lastSeq();
  // every acked message is in the room's history with the seq of its ack
  const stored = new Map();
  // (the peer keeps no history to read: for it the check is not made, and ackedLost is null)
  let historyKept = true;
  for (let after = 0; historyKept;) {
    const page = await L.request(base, 'GET', `/api/message/chatmsg?stream=${stream.id}&after=${after}&limit=1000`, { token: hostToken })
      .catch((e) => { if (/-> 404/.test(String(e && e.message))) { historyKept = false; return null; } throw e; });
    if (!page) break;
    for (const item of page.items) stored.set(item.seq, item.content);
    if (page.items.length < 1000) break;
    after = page.items[page.items.length - 1].seq;
  }
  let ackedLost = historyKept ? 0 : null;
  if (historyKept) for (const [clientMsgId, seq] of host.acks) if (stored.get(seq) !== `rsm:${clientMsgId.slice(1)}`) ackedLost++;
  const behind = resumed.filter((m) => m.next - 1 < finalSeq);
  const sum = (list, f) => list.reduce((a, m) => a + f(m), 0);
  const replayed = resumed.map((m) => m.replayed).sort((x, y) => x - y);
  const attempts = resumed.map((m) => m.attempts).sort((x, y) => x - y);
  const ok = resumed.filter((m) => !m.gaps && !m.dups && m.next - 1 === finalSeq && !m.closedAfterResume);
  const result = {
    mode: 'resumestorm', label, url: base, clients, tokens: tokenCount, rate, busySeconds: busy, liveSeconds: live,
    backoffBaseMs: backoffBase, backoffMaxMs: backoffMax,
    joined: joinedMembers.length, joinFailures, restart: done, beforeRestart,
    hostSent: host.sent, hostSentWhileStopping: host.sentWhileStopping, hostSkippedWhileDown: host.skipped, hostAcked: host.acked,
    hostUnacked: host.sent - host.acked, hostRefusals: host.refusals, hostCloses: host.closes, finalSeq, ackedLost,
    resuming: stormMembers.length, resumed: resumed.length, failed: stormMembers.length - resumed.length, failures,
    seconds: round2(seconds), resumesPerS: seconds > 0 ? Math.round(resumed.length / seconds) : 0, awayMs: L.summary(lat),
    waits: waited, attemptFailures, attemptsMedian: attempts.length ? attempts[Math.floor(attempts.length / 2)] : 0,
    attemptsMax: attempts.length ? attempts[attempts.length - 1] : 0,
    replayedItems: sum(resumed, (m) => m.replayed), replayedMax: replayed.length ? replayed[replayed.length - 1] : 0,
    replayedMedian: replayed.length ? replayed[Math.floor(replayed.length / 2)] : 0,
    membersWithGap: resumed.filter((m) => m.gaps).length + stormMembers.filter((m) => !m.resumed && m.gaps).length,
    missingItems: sum(stormMembers, (m) => m.missing),
    membersWithDuplicate: stormMembers.filter((m) => m.dups).length, duplicateItems: sum(stormMembers, (m) => m.duplicates),
    membersBehind: behind.length, itemsBehind: sum(behind, (m) => finalSeq - (m.next - 1)),
    complete: ok.length, closes, closedAfterResume: resumed.filter((m) => m.closedAfterResume).length,
    closeReasons: room.closeReasons, refusals, loadgen: self,
  };
  log(`${ok.length}/${clients} members complete (seq contiguous to ${finalSeq}); back ${resumed.length} in ${result.seconds} s`
    + ` after the first close (away p50 ${result.awayMs.p50} ms, p95 ${result.awayMs.p95} ms; attempts median ${result.attemptsMedian}, max ${result.attemptsMax});`
    + ` waits ${JSON.stringify(waited)}; failed attempts ${JSON.stringify(attemptFailures)}; replayed ${result.replayedItems} items (max ${result.replayedMax});`
    + ` with gap ${result.membersWithGap} (${result.missingItems} items), with duplicate ${result.membersWithDuplicate},`
    + ` behind ${behind.length}, acked and lost ${ackedLost} of ${host.acks.size}, failed ${result.failed} ${JSON.stringify(failures)};`
    + ` loadgen cpu ${self.cpuPct}%, other processes ${self.foreignCpuPct}%`);
  phase.now = 'end';
  if (host.client) host.client.ws.terminate();
  await room.close();
  write(result);
}

function rssKb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

async function settleAndRead(pid, jcmd) {
  await L.sleep(3000);
  if (jcmd) {
    try { execFileSync(jcmd, [String(pid), 'GC.run'], { stdio: 'ignore', timeout: 60000 }); } catch (e) { log(`GC.run failed: ${e.message}`); }
    await L.sleep(2000);
  }
  return rssKb(pid);
}

async function rss() {
  const pid = Number(args.pid);
  const jcmd = args.jcmd || null;
  const levels = String(args.levels || '1000,5000,10000').split(',').map(Number);
  const { stream, pool } = await setUp(Number(args.tokens || 100), `${label}-r`);
  const room = new Room(stream, pool, () => {});
  // one client first, so that whatever a first connection loads is in the baseline
  await room.grow(1);
  const baseKb = await settleAndRead(pid, jcmd);
  log(`baseline RSS ${baseKb} kB (1 client)`);
  const rows = [];
  for (const n of levels) {
    await waitQuiet();
    try {
      await room.grow(n);
    } catch (e) {
      rows.push({ connections: n, error: e.message });
      log(`could not open ${n}: ${e.message}`);
      break;
    }
    const kb = await settleAndRead(pid, jcmd);
    const row = { connections: n, rssKb: kb, deltaKb: kb - baseKb, kbPerConnection: round2((kb - baseKb) / (n - 1)), closed: room.closed };
    rows.push(row);
    log(`${n} idle connections: RSS ${kb} kB, +${row.deltaKb} kB, ${row.kbPerConnection} kB per connection, ${room.closed} closed`);
  }
  await room.close();
  write({ mode: 'rss', label, url: base, pid, forcedGc: !!jcmd, baselineKb: baseKb, heartbeatMs, levels: rows, closeReasons: room.closeReasons });
}

/**
 * A room far busier than anyone can read. The receivers are users of their own (a member is always sent its own
 * messages, so none of them sends); the senders, the host and the askers have sockets or calls of their own.
 */
async function fastroom() {
  const clients = Number(args.clients || 5000);
  const senderCount = Number(args.senders || 100);
  const rate = Number(args.rate || 300);
  const budget = Number(args.budget ?? 20);
  const duration = Number(args.duration || 20);
  const drain = Number(args.drain || 10);
  const limitMs = Number(args['limit-ms'] || 500);
  const ramp = Number(args.ramp || 3); // seconds of sending before members' intake is counted
  const askers = Math.max(2, Math.ceil(duration / 5)); // a question each second, each asker every few seconds
  const { hostToken, stream, pool } = await setUp(Number(args.tokens || 100), `${label}-f${budget}`);
  await L.request(base, 'PUT', `/api/streams/${stream.id}/settings`, { token: hostToken, body: { chatBudget: budget } });
  const senderTokens = await L.tokens(base, senderCount, `${label}-f${budget}-sender-`);
  const askerTokens = await L.tokens(base, askers, `${label}-f${budget}-asker-`);
  const topic = stream.roomNumber;

  const essential = new Map(); // `${kind}:${k}` -> receivers that got it
  const essentialHist = L.histogram();
  let window = { from: Infinity, to: Infinity };
  let notices = 0;
  let skipped = 0;
  let chatOutside = 0;
  const CODE230 = Buffer.from('"code":230');
  const SKIPPED = Buffer.from('"skipped":');
  const BUDGET = Buffer.from('"budget":');
  const budgetsSeen = {}; // the budget in force as the notices name it (the governor lowers it under load): count
  let measuring = false;
  let bytesReceived = 0; // what the members were sent while the load ran: frames' payloads
  const onFrame = (buf, client) => {
    if (measuring) bytesReceived += buf.length;
    if (buf.indexOf(CODE230) >= 0 && buf.indexOf(CODE230) < 16) {
      notices++;
      let i = buf.indexOf(SKIPPED) + SKIPPED.length;
      let v = 0;
      while (buf[i] >= 48 && buf[i] <= 57) v = v * 10 + (buf[i++] - 48);
      skipped += v;
      i = buf.indexOf(BUDGET) + BUDGET.length;
      v = 0;
      while (buf[i] >= 48 && buf[i] <= 57) v = v * 10 + (buf[i++] - 48);
      budgetsSeen[v] = (budgetsSeen[v] || 0) + 1;
      return;
    }
    const chat = L.marked(buf, 'fast');
    if (chat) {
      if (chat[2] >= window.from && chat[2] < window.to) client.intake = (client.intake || 0) + 1;
      else chatOutside++;
      return;
    }
    for (const kind of ['answ', 'qstn', 'host']) {
      const m = L.marked(buf, kind);
      if (m) {
        const key = `${kind}:${m[1]}`;
        essential.set(key, (essential.get(key) || 0) + 1);
        essentialHist.recordValue(Math.max(1, L.nowMicros() - m[2]));
        return;
      }
    }
  };
  const room = new Room(stream, pool, onFrame);
  log(`${clients} members, budget ${budget || 'off'}: opening`);
  await room.grow(clients);

  // the senders' and the host's sockets count their acks (202): what was stored
  const acks = { chat: 0, host: 0 };
  const refusals = {};
  const speaker = async (token, kind) => L.connectRetrying({
    base, token, topic, localAddress: sources[0], thin: true,
    onFrame: (buf) => {
      const text = buf.indexOf(CODE200) >= 0 && buf.indexOf(CODE200) < 16 ? null : buf.toString('utf8');
      if (!text) return;
      const code = Number((/"code":\s*(\d+)/.exec(text) || [])[1]);
      if (code === 202) acks[kind]++;
      else if (code >= 400) refusals[code] = (refusals[code] || 0) + 1;
    },
  });
  const senders = await L.connectMany(senderCount, parallel, (i) => speaker(senderTokens[i], 'chat'));
  const host = await speaker(hostToken, 'host');
  await L.sleep(Number(args.settle || 2) * 1000);
  await waitQuiet();
  const expectedPer = room.clients.length;
  const closedBefore = room.closed;
  const meter = selfMeter();

  const t0 = Date.now();
  const t0us = L.nowMicros();
  window = { from: t0us + ramp * 1e6, to: t0us + duration * 1e6 };
  const total = Math.floor(rate * duration);
  measuring = true;
  let sent = 0;
  let second = 0;
  const asked = [];
  const calls = [];
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - t0) * rate) / 1000));
      while (sent < due) {
        const idx = sent++;
        const s = senders[idx % senders.length];
        if (s.ws.readyState === 1) s.ws.send(L.chatFrame(s.token, topic, `fast:1:${idx}:${L.nowMicros()}`, `f${idx}`));
      }
      while (second < duration && Date.now() - t0 >= second * 1000) {
        const k = second++;
        host.ws.send(L.chatFrame(host.token, topic, `host:1:${k}:${L.nowMicros()}`, `h${k}`));
        const asker = askerTokens[k % askerTokens.length];
        calls.push(L.request(base, 'POST', '/api/question/add', { token: asker, body: { content: `qstn:1:${k}:${L.nowMicros()}`, streamId: String(stream.id) } })
          .then((q) => { asked.push(k); return L.request(base, 'POST', `/api/question/${q.id}/answer`, { token: hostToken, body: { answer: `answ:1:${k}:${L.nowMicros()}` } }); })
          .catch((e) => { refusals.qa = (refusals.qa || 0) + 1; log(`question ${k}: ${e.message}`); }));
      }
      if (sent >= total && second >= duration) { clearInterval(timer); resolve(); }
    }, 5);
  });
  await Promise.all(calls);
  measuring = false;
  const sendSeconds = (Date.now() - t0) / 1000;
  const serverCpu = meter().serverCpuPct; // over the sending, before the drain
  const essentialSent = duration + 2 * asked.length;
  const expectedEssential = essentialSent * expectedPer;
  const deadline = Date.now() + drain * 1000;
  const essentialGot = () => [...essential.values()].reduce((a, b) => a + b, 0);
  while (Date.now() < deadline && (essentialGot() < expectedEssential || acks.chat < total || acks.host < duration)) await L.sleep(200);
  const self = meter();
  const got = essentialGot();
  const lostEssential = Math.max(0, expectedEssential - got);
  const history = await L.request(base, 'GET', `/api/message/chatmsg?stream=${stream.id}&page=1&resultsPerPage=1&type=`, { token: hostToken });
  const stored = acks.chat + acks.host + 2 * asked.length;
  const steadySeconds = Math.max(1, duration - ramp);
  const rates = room.clients.map((c) => (c.intake || 0) / steadySeconds).sort((a, b) => a - b);
  const at = (q) => round2(rates[Math.min(rates.length - 1, Math.floor(q * rates.length))] || 0);
  const allowed = budget > 0 ? budget * 1.1 : Infinity;
  const within = rates.filter((r) => r <= allowed).length;
  const closed = room.closed - closedBefore;
  const latency = L.summary(essentialHist);
  const result = {
    mode: 'fastroom', label, url: base, budget, clients: expectedPer, senders: senderCount, rate, duration, ramp,
    sendSeconds: round2(sendSeconds), governor: args.governor !== 'off', serverCpuPct: serverCpu,
    bytesPerMemberPerSecond: Math.round(bytesReceived / Math.max(1, expectedPer) / sendSeconds),
    chat: {
      sent: total, stored: acks.chat, perMemberPerSecond: { p5: at(0.05), p50: at(0.5), p95: at(0.95), max: round2(rates[rates.length - 1] || 0) },
      withinBudget: budget > 0 ? round2(within / Math.max(1, rates.length)) : null, notices, skipped, outsideWindow: chatOutside,
      budgetsInNotices: budgetsSeen,
    },
    essential: { sent: essentialSent, expected: expectedEssential, delivered: got, lost: lostEssential, latencyMs: latency },
    history: { total: history.total, stored, complete: history.total >= stored && acks.chat === total && acks.host === duration },
    closed, closeReasons: room.closeReasons, refusals, loadgen: self,
  };
  result.pass = lostEssential === 0 && closed === 0 && latency.p95 < limitMs && result.history.complete
    && (budget === 0 || rates[Math.floor(0.95 * rates.length)] <= allowed);
  log(`budget ${budget || 'off'}, ${expectedPer} members: essential p95 ${latency.p95} ms (lost ${lostEssential}),`
    + ` viewer messages per member p50 ${result.chat.perMemberPerSecond.p50}/s p95 ${result.chat.perMemberPerSecond.p95}/s,`
    + ` history ${history.total}/${stored}, closed ${closed}, server cpu ${serverCpu}%,`
    + ` ${result.bytesPerMemberPerSecond} B/s to each member, loadgen cpu ${self.cpuPct}%,`
    + ` other processes ${self.foreignCpuPct}%${result.pass ? '' : '  <- fails'}`);
  for (const s of [...senders, host]) s.ws.terminate();
  await room.close();
  write(result);
}

const CODE200 = Buffer.from('"code":200');

/** CPU ticks (user + system) of one process, 0 when it is gone. */
function procTicks(pid) {
  try {
    const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return Number(rest[11]) + Number(rest[12]);
  } catch (e) {
    return 0;
  }
}

/** Percent of one core the process used over a span: call to start, call the result to read. */
function procCpu(pid) {
  const t0 = procTicks(pid);
  const at = Date.now();
  return () => (pid ? Math.round(((procTicks(pid) - t0) / HZ / ((Date.now() - at) / 1000)) * 100) : null);
}

/** The sum of a counter's application samples with this label on the server's /metrics (0 when there is none). */
async function metric(name, label) {
  const text = await new Promise((resolve, reject) => {
    require('http').get(new URL('metrics?scope=application', base), (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    }).on('error', reject);
  });
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) && line.includes(label)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

async function likes() {
  const clients = Number(args.clients || 1000);
  const senders = Number(args.senders || 10);
  const rate = Number(args.rate || 20);
  const likeRate = Number(args['like-rate'] || 10000);
  const batch = Math.max(1, Math.min(100, Number(args.batch || 1)));
  const duration = Number(args.duration || 20);
  const drain = Number(args.drain || 10);
  const limitMs = Number(args['limit-ms'] || 500);
  const serverPid = Number(args['server-pid'] || 0);
  // a user for every member: the server's allowance is per user
  const { hostToken, stream, pool } = await setUp(clients, `${label}-l`);
  const topic = stream.roomNumber;
  const LIKES = Buffer.from('"code":250');
  const LIKES_VALUE = Buffer.from('"likes":');
  let traffic;
  const room = new Room(stream, pool, (buf, client) => {
    const at = buf.indexOf(LIKES);
    if (at >= 0 && at < 16) {
      let i = buf.indexOf(LIKES_VALUE) + LIKES_VALUE.length;
      let v = 0;
      while (buf[i] >= 48 && buf[i] <= 57) v = v * 10 + (buf[i++] - 48);
      if (client) {
        client.likes = Math.max(client.likes || 0, v);
        client.likePushes = (client.likePushes || 0) + 1;
      }
      return;
    }
    traffic.onFrame(buf);
  });
  traffic = new Traffic(room, senders);
  log(`likes: ${clients} members joining`);
  await room.grow(clients);
  await L.sleep(2000);
  const result = { mode: 'likes', label, url: base, clients, senders, rate, likeRate, batch, duration, drain, limitMs };

  const measure = async (step, tapping) => {
    await waitQuiet();
    const closedBefore = room.closed;
    const meter = selfMeter();
    const cpu = procCpu(serverPid);
    const acceptedBefore = await metric('liveroom_likes_taps_total', 'outcome="accepted"');
    const droppedBefore = await metric('liveroom_likes_taps_total', 'outcome="over-rate"');
    let taps = 0;
    let frames = 0;
    let timer = null;
    if (tapping) {
      const members = room.clients;
      const likeFrames = members.map((c) => JSON.stringify({ token: c.token, type: 4, payLoad: JSON.stringify({ topic, count: batch }) }));
      const total = Math.floor(likeRate * duration);
      const t0 = Date.now();
      let next = 0;
      timer = setInterval(() => {
        const due = Math.min(total, Math.floor(((Date.now() - t0) * likeRate) / 1000));
        while (taps + batch <= due) {
          const k = next++ % members.length;
          const c = members[k];
          if (c.ws.readyState === 1) {
            c.ws.send(likeFrames[k]);
            taps += batch;
            frames++;
          } else {
            break;
          }
        }
        if (taps + batch > total) clearInterval(timer);
      }, 5);
    }
    const chat = await traffic.run(step, rate, duration, drain);
    if (timer) clearInterval(timer);
    const serverCpuPct = cpu();
    const self = meter();
    const row = { chat, closed: room.closed - closedBefore, serverCpuPct, loadgen: self };
    if (tapping) {
      // the total reaches the members within a tick or two; GET answers what the server counted
      const deadline = Date.now() + (drain + 5) * 1000;
      let total = -1;
      while (Date.now() < deadline) {
        total = (await L.request(base, 'GET', `/api/streams/${stream.id}/likes`, { token: hostToken })).likes;
        if (total >= taps && room.clients.every((c) => (c.likes || 0) >= total)) break;
        await L.sleep(500);
      }
      const accepted = (await metric('liveroom_likes_taps_total', 'outcome="accepted"')) - acceptedBefore;
      const dropped = (await metric('liveroom_likes_taps_total', 'outcome="over-rate"')) - droppedBefore;
      const withFinal = room.clients.filter((c) => c.likes === total).length;
      const pushes = room.clients.map((c) => c.likePushes || 0).sort((a, b) => a - b);
      Object.assign(row, {
        tapsSent: taps, framesSent: frames, tapsPerS: Math.round(taps / chat.sendSeconds), accepted, dropped,
        finalCount: total, countEqualsSent: total === taps, countEqualsAccepted: total === accepted,
        membersWithFinalCount: withFinal, pushesPerMember: { min: pushes[0], median: pushes[pushes.length >> 1], max: pushes[pushes.length - 1] },
      });
    }
    return row;
  };
  log(`likes off: chat at ${rate} msgs/s to ${clients} members for ${duration} s`);
  result.off = await measure(1, false);
  log(`likes off: chat p95 ${result.off.chat.latencyMs.p95} ms, lost ${result.off.chat.lost}, server cpu ${result.off.serverCpuPct}%`);
  log(`likes on: the same chat, and ${likeRate} taps/s (${batch} a frame) from every member`);
  result.on = await measure(2, true);
  const on = result.on;
  log(`likes on: chat p95 ${on.chat.latencyMs.p95} ms, lost ${on.chat.lost}, server cpu ${on.serverCpuPct}%; taps sent ${on.tapsSent}`
    + ` (${on.tapsPerS}/s), accepted ${on.accepted}, dropped ${on.dropped}, final count ${on.finalCount}, members showing it ${on.membersWithFinalCount}/${clients}`);
  result.pass = on.countEqualsSent && on.countEqualsAccepted && on.membersWithFinalCount === clients
    && on.chat.lost === 0 && result.off.chat.lost === 0 && on.closed === 0 && on.chat.latencyMs.p95 < limitMs;
  await room.close();
  write(result);
}

const modes = { broadcast, history, ingest, rss, joinstorm, resumestorm, deeppage, fastroom, likes };
if (!modes[mode]) {
  process.stderr.write('usage: loadgen.js broadcast|history|ingest|rss|joinstorm|resumestorm|deeppage|fastroom|likes --url http://127.0.0.1:8181/ --label name --out file.json [...]\n');
  process.exit(2);
}
// a hard stop, whatever happens
const hardStop = setTimeout(() => { log('hard time limit reached'); process.exit(3); }, Number(args['max-seconds'] || 1200) * 1000);
hardStop.unref();
modes[mode]().then(() => process.exit(0), (e) => { log(`failed: ${e.stack || e}`); process.exit(1); });
