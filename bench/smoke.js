#!/usr/bin/env node
'use strict';
// The CI smoke check: a few dozen clients in one room against an already running Liveroom; a few of them send
// messages with a clientMsgId; every client must receive every message exactly once and every sender must get
// every ack. No timing is checked. Exit code 0 only when nothing was lost.
//
//   node smoke.js http://127.0.0.1:8080/ [--clients 40] [--senders 4] [--messages 10]
//
// It stays inside the server's default abuse limits (one user per client, at most 4 messages/s per user,
// handshakes paced at 20/s), so it needs no special server settings.

const L = require('./lib');

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const base = (argv.find((a) => /^https?:\/\//.test(a)) || process.env.LIVEROOM_URL || 'http://127.0.0.1:8080/').replace(/\/?$/, '/');
const clientCount = opt('clients', 40);
const senderCount = Math.min(opt('senders', 4), clientCount);
const perSender = opt('messages', 10);

async function main() {
  const deadline = setTimeout(() => finish('timed out after 120 s'), 120000);
  deadline.unref();
  const host = await L.login(base, 'smoke-host');
  const stream = await L.openStream(base, host, 'smoke');
  const tokens = await L.tokens(base, clientCount, 'smoke-', 4);
  const expectedIds = new Set();
  const got = []; // per client: Map content -> count
  const acks = new Map(); // clientMsgId -> count
  const problems = [];
  const clients = [];
  for (let i = 0; i < clientCount; i++) {
    const seen = new Map();
    got.push(seen);
    const client = await L.connect({
      base, token: tokens[i], topic: stream.roomNumber,
      onFrame: (buf) => {
        const frame = JSON.parse(buf.toString('utf8'));
        if (frame.code === 200) {
          const item = JSON.parse(frame.data);
          if (String(item.content).startsWith('smoke:')) seen.set(item.content, (seen.get(item.content) || 0) + 1);
        } else if (frame.code === 202) {
          acks.set(frame.data.clientMsgId, (acks.get(frame.data.clientMsgId) || 0) + 1);
        } else if (frame.code >= 400 || frame.code < 200) {
          // other 2xx codes are events (the online count, moderation): news, not problems
          problems.push(`client ${i} got ${buf.toString('utf8').slice(0, 160)}`);
        }
      },
      onClose: (c, code, reason) => problems.push(`client ${i} was closed: ${code} ${reason}`),
    });
    clients.push(client);
    await L.sleep(50); // 20 handshakes/s
  }
  console.log(`${clientCount} clients joined room ${stream.roomNumber}; ${senderCount} senders send ${perSender} messages each`);
  for (let n = 0; n < perSender; n++) {
    for (let s = 0; s < senderCount; s++) {
      const content = `smoke:${s}:${n}`;
      expectedIds.add(content);
      clients[s].ws.send(L.chatFrame(clients[s].token, stream.roomNumber, content, `smoke-${s}-${n}`));
    }
    await L.sleep(250); // 4 messages/s per sender
  }
  const expected = expectedIds.size * clientCount;
  const count = () => got.reduce((a, seen) => a + [...seen.values()].reduce((x, y) => x + y, 0), 0);
  for (let i = 0; i < 100 && (count() < expected || acks.size < expectedIds.size); i++) await L.sleep(100);
  await L.sleep(500); // duplicates, if any, have time to show
  let lost = 0;
  let duplicated = 0;
  got.forEach((seen) => {
    for (const id of expectedIds) {
      const c = seen.get(id) || 0;
      if (c === 0) lost++;
      if (c > 1) duplicated += c - 1;
    }
  });
  let acksMissing = 0;
  for (let s = 0; s < senderCount; s++) for (let n = 0; n < perSender; n++) if (acks.get(`smoke-${s}-${n}`) !== 1) acksMissing++;
  clients.forEach((c) => c.ws.terminate());
  console.log(`deliveries: expected ${expected}, received ${count()}, lost ${lost}, duplicated ${duplicated}; acks missing ${acksMissing}`);
  problems.slice(0, 10).forEach((p) => console.log(`  ${p}`));
  finish(lost || duplicated || acksMissing || problems.length ? `FAILED: ${lost} lost, ${duplicated} duplicated, ${acksMissing} acks missing, ${problems.length} problems` : null);
}

function finish(failure) {
  if (failure) {
    console.log(`smoke: ${failure}`);
    process.exit(1);
  }
  console.log('smoke: passed, nothing lost');
  process.exit(0);
}

main().catch((e) => finish(`error: ${e.message}`));
