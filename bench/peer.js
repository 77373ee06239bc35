#!/usr/bin/env node
'use strict';
// The baseline: the smallest server people would write instead of Liveroom, on the npm `ws` package.
// It speaks the same frames (join 3 -> code 201, chat 2 -> code 200 item to every member and a code 202 ack
// to the sender when a clientMsgId is given) and the two REST calls the bench needs to set up (guest login,
// open a stream). Nothing is persisted and tokens are not checked: it is the cheapest thing that looks alike.
//
// Resume, the peer's stand-in: each room keeps its last `--log-cap` (1000, Liveroom's replay cap) item frames in
// memory, numbered by `seq` under a random `epoch` per room. A join with `since` and the room's `epoch` is
// replayed the items after `since`, then answered 201 `{topic, stream, epoch, seq, replayed}`; another epoch, a
// `since` beyond the room's seq or older than the log holds is answered 410 (and joined). With `--state FILE`
// the rooms (and their logs) are written to FILE when the process is told to stop (SIGTERM, SIGINT) and read
// back when it starts, so the bench can restart it. That snapshot on a clean stop is all the durability it has:
// a crash loses everything, where Liveroom has stored each item before sending it.
//
//   node peer.js --port 8282 [--host 127.0.0.1] [--state /tmp/peer-state.json] [--log-cap 1000]

const fs = require('fs');
const http = require('http');
const crypto = require('crypto');
const { WebSocketServer } = require('ws');

const args = parseArgs(process.argv.slice(2));
const port = Number(args.port || 8282);
const host = args.host || '0.0.0.0';
const stateFile = args.state || null;
const LOG_CAP = Number(args['log-cap'] || 1000);

let nextUser = 1;
let nextStream = 1;
let nextItem = 1;
// roomNumber -> stream {id, roomNumber, title, orgName, orgLogo, members:Set, seq, epoch, log}; `log` is a ring of
// the last LOG_CAP item frames, the frame of item `seq` at log[seq % LOG_CAP]
const streamsByRoom = new Map();
const newEpoch = () => crypto.randomBytes(8).toString('hex');

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readJson(req, done) {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try {
      done(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
    } catch (e) {
      done(null);
    }
  });
}

// tokens are "peer.<userId>.<displayName>": nothing is verified, only read back
function userOf(token) {
  if (typeof token !== 'string') return null;
  const t = token.startsWith('Bearer ') ? token.slice(7) : token;
  const m = /^peer\.(\d+)\.(.*)$/.exec(t);
  return m ? { id: Number(m[1]), displayName: decodeURIComponent(m[2]) } : null;
}

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/api/auth/guest') {
    return readJson(req, (body) => {
      if (!body) return reply(res, 400, { code: 400, msg: 'bad JSON' });
      const id = nextUser++;
      const displayName = String(body.displayName || 'guest');
      const token = `peer.${id}.${encodeURIComponent(displayName)}`;
      reply(res, 200, { code: 200, data: { token, user: { id, displayName, avatarUrl: body.avatarUrl || '' } } });
    });
  }
  if (req.method === 'POST' && req.url === '/api/streams') {
    return readJson(req, (body) => {
      if (!body) return reply(res, 400, { code: 400, msg: 'bad JSON' });
      const id = nextStream++;
      const stream = {
        id, roomNumber: String(10000000 + id), title: body.title || '', orgName: body.orgName || '',
        orgLogo: body.orgLogo || '', members: new Set(), seq: 0, epoch: newEpoch(), log: new Array(LOG_CAP),
      };
      streamsByRoom.set(stream.roomNumber, stream);
      const { members, log, seq, ...view } = stream;
      reply(res, 200, { code: 200, data: { ...view, lastSeq: seq } });
    });
  }
  reply(res, 404, { code: 404, msg: 'not found' });
});

const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false, maxPayload: 64 * 1024 });

function asObject(v) {
  if (v && typeof v === 'object') return v;
  if (typeof v === 'string' && v.length) return JSON.parse(v);
  return {};
}

wss.on('connection', (ws, req) => {
  const url = new URL(req.url, 'http://x');
  ws.user = userOf(url.searchParams.get('token') || req.headers.authorization);
  ws.rooms = new Set();
  ws.on('message', (raw, isBinary) => {
    if (isBinary) return ws.close(1003, 'only JSON text frames are understood');
    let frame;
    try {
      frame = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      return ws.send('{"code":400,"msg":"not JSON"}');
    }
    const user = userOf(frame.token) || ws.user;
    if (!user) return ws.send('{"code":401,"msg":"sign in first: send a token"}');
    ws.user = user;
    try {
      if (frame.type === 1) return; // heartbeat
      const payLoad = asObject(frame.payLoad);
      const stream = streamsByRoom.get(String(payLoad.topic));
      if (!stream) return ws.send(JSON.stringify({ code: 404, msg: `no room ${payLoad.topic}` }));
      if (frame.type === 3) {
        let replayed = 0;
        let code = 201;
        if (payLoad.since !== undefined && payLoad.since !== null) {
          const since = Number(payLoad.since);
          const held = Math.min(stream.seq, LOG_CAP);
          if (payLoad.epoch === stream.epoch && Number.isInteger(since) && since >= stream.seq - held && since <= stream.seq) {
            for (let s = since + 1; s <= stream.seq; s++) ws.send(stream.log[s % LOG_CAP]);
            replayed = stream.seq - since;
          } else code = 410;
        }
        stream.members.add(ws);
        ws.rooms.add(stream);
        const data = { topic: stream.roomNumber, stream: stream.id, epoch: stream.epoch, seq: stream.seq, replayed };
        return ws.send(JSON.stringify({ code, msg: code === 201 ? 'joined' : 'reload from history', data }));
      }
      if (frame.type === 2) {
        if (!ws.rooms.has(stream)) return ws.send('{"code":403,"msg":"join the room before chatting in it"}');
        const chatInfo = asObject(payLoad.chatInfo);
        const content = String(chatInfo.content || '');
        if (!content || content.length > 500) return ws.send('{"code":400,"msg":"the message must have 1 to 500 characters"}');
        const item = {
          id: nextItem++, type: 'message', user: user.id, displayName: user.displayName, avatarurl: '',
          stream: stream.id, content, createdat: new Date().toISOString(), seq: ++stream.seq, epoch: stream.epoch,
        };
        const out = JSON.stringify({ code: 200, data: JSON.stringify(item) });
        stream.log[item.seq % LOG_CAP] = out;
        for (const member of stream.members) {
          if (member.readyState === 1) member.send(out);
        }
        if (chatInfo.clientMsgId) {
          ws.send(JSON.stringify({ code: 202, msg: 'stored', data: { clientMsgId: chatInfo.clientMsgId, id: item.id, seq: item.seq } }));
        }
        return;
      }
      ws.send(JSON.stringify({ code: 400, msg: `unknown frame type ${frame.type}` }));
    } catch (e) {
      ws.send('{"code":400,"msg":"bad payLoad"}');
    }
  });
  ws.on('close', () => {
    for (const stream of ws.rooms) stream.members.delete(ws);
    ws.rooms.clear();
  });
  ws.on('error', () => {});
});

/** The rooms with the items their logs hold, and the counters, into `--state` (on a clean stop only). */
function saveState() {
  const rooms = [];
  for (const st of streamsByRoom.values()) {
    const items = [];
    for (let s = Math.max(1, st.seq - LOG_CAP + 1); s <= st.seq; s++) items.push(st.log[s % LOG_CAP]);
    rooms.push({ id: st.id, roomNumber: st.roomNumber, title: st.title, orgName: st.orgName, orgLogo: st.orgLogo, seq: st.seq, epoch: st.epoch, items });
  }
  fs.writeFileSync(`${stateFile}.tmp`, JSON.stringify({ nextUser, nextStream, nextItem, rooms }));
  fs.renameSync(`${stateFile}.tmp`, stateFile);
  console.log(`state of ${rooms.length} rooms written to ${stateFile}`);
}

function loadState() {
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  ({ nextUser, nextStream, nextItem } = state);
  for (const r of state.rooms) {
    const { items, ...rest } = r;
    const st = { ...rest, members: new Set(), log: new Array(LOG_CAP) };
    items.forEach((frame, k) => { st.log[(r.seq - items.length + 1 + k) % LOG_CAP] = frame; });
    streamsByRoom.set(st.roomNumber, st);
  }
  console.log(`state of ${state.rooms.length} rooms read from ${stateFile}`);
}

if (stateFile && fs.existsSync(stateFile)) loadState();

server.listen(port, host, () => console.log(`peer listening on ${host}:${port}`));

function parseArgs(list) {
  const out = {};
  for (let i = 0; i < list.length; i++) {
    if (list[i].startsWith('--')) out[list[i].slice(2)] = list[i + 1] && !list[i + 1].startsWith('--') ? list[++i] : true;
  }
  return out;
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (stateFile) saveState();
    process.exit(0);
  });
}
