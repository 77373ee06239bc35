#!/usr/bin/env node
'use strict';
// The baseline: the smallest server people would write instead of Liveroom, on the npm `ws` package.
// It speaks the same frames (join 3 -> code 201, chat 2 -> code 200 item to every member and a code 202 ack
// to the sender when a clientMsgId is given) and the two REST calls the bench needs to set up (guest login,
// open a stream). Nothing is persisted and tokens are not checked: it is the cheapest thing that looks alike.
//
//   node peer.js --port 8282 [--host 127.0.0.1]

const http = require('http');
const { WebSocketServer } = require('ws');

const args = parseArgs(process.argv.slice(2));
const port = Number(args.port || 8282);
const host = args.host || '0.0.0.0';

let nextUser = 1;
let nextStream = 1;
let nextItem = 1;
const streamsByRoom = new Map(); // roomNumber -> stream {id, roomNumber, title, orgName, orgLogo, members:Set, seq}
const epoch = Math.random().toString(16).slice(2, 10);

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
        orgLogo: body.orgLogo || '', members: new Set(), seq: 0,
      };
      streamsByRoom.set(stream.roomNumber, stream);
      const { members, seq, ...view } = stream;
      reply(res, 200, { code: 200, data: view });
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
        stream.members.add(ws);
        ws.rooms.add(stream);
        return ws.send(JSON.stringify({ code: 201, msg: 'joined', data: { topic: stream.roomNumber, stream: stream.id } }));
      }
      if (frame.type === 2) {
        if (!ws.rooms.has(stream)) return ws.send('{"code":403,"msg":"join the room before chatting in it"}');
        const chatInfo = asObject(payLoad.chatInfo);
        const content = String(chatInfo.content || '');
        if (!content || content.length > 500) return ws.send('{"code":400,"msg":"the message must have 1 to 500 characters"}');
        const item = {
          id: nextItem++, type: 'message', user: user.id, displayName: user.displayName, avatarurl: '',
          stream: stream.id, content, createdat: new Date().toISOString(), seq: ++stream.seq, epoch,
        };
        const out = JSON.stringify({ code: 200, data: JSON.stringify(item) });
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

server.listen(port, host, () => console.log(`peer listening on ${host}:${port}`));

function parseArgs(list) {
  const out = {};
  for (let i = 0; i < list.length; i++) {
    if (list[i].startsWith('--')) out[list[i].slice(2)] = list[i + 1] && !list[i + 1].startsWith('--') ? list[++i] : true;
  }
  return out;
}

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
