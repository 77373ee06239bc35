// The web room's connection coming back after its server stopped: it waits the wait the server named in its 1012
// close reason (not its own backoff), then resumes with `since` and sends again what was not acknowledged, with the
// same clientMsgId. A plain node test: the connection module is loaded as the page loads it, against a stand-in
// socket and mocked timers, so every wait is checked to the millisecond.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const sockets = [];

class StandInSocket extends EventTarget {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;

  constructor(url) {
    super();
    this.url = url;
    this.readyState = StandInSocket.CONNECTING;
    this.sent = [];
    this.bufferedAmount = 0;
    sockets.push(this);
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  close() {
    this.readyState = StandInSocket.CLOSED;
  }

  // the server's side
  opens() {
    this.readyState = StandInSocket.OPEN;
    this.dispatchEvent(new Event('open'));
  }

  says(frame) {
    this.dispatchEvent(Object.assign(new Event('message'), { data: JSON.stringify(frame) }));
  }

  closes(code, reason) {
    this.readyState = StandInSocket.CLOSED;
    this.dispatchEvent(Object.assign(new Event('close'), { code, reason }));
  }
}

globalThis.WebSocket = StandInSocket;
globalThis.document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
globalThis.addEventListener = () => {};
globalThis.removeEventListener = () => {};

const { RoomConnection } = await import(path.join(here, '../../../main/webapp/app/connection.js'));

const joinOf = (socket) => JSON.parse(socket.sent.find((f) => f.type === 3).payLoad);
const chatsOf = (socket) => socket.sent.filter((f) => f.type === 2)
  .map((f) => JSON.parse(JSON.parse(f.payLoad).chatInfo));

test('after a 1012 the room waits the server\'s wait, then resumes with since and resends with the same clientMsgId', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    sockets.length = 0;
    let held = { since: 41, epoch: 'e1' };
    const states = [];
    const connection = new RoomConnection({
      url: () => 'ws://server/ws', token: () => 't', topic: '12345678', resumePoint: () => held,
    });
    connection.addEventListener('state', (e) => states.push(e.detail));
    connection.start();
    const first = sockets[0];
    first.opens();
    assert.deepEqual(joinOf(first), { topic: '12345678', since: 41, epoch: 'e1' });
    first.says({ code: 201, msg: 'joined', data: { topic: '12345678', stream: 1, epoch: 'e1', seq: 41, replayed: 0 } });
    const clientMsgId = connection.send('hello');
    assert.equal(chatsOf(first).length, 1);

    // the server stops before it acks: it names 7300 ms
    held = { since: 44, epoch: 'e1' };
    first.closes(1012, 'restarting: reconnect in 7300 ms');
    assert.deepEqual(states.at(-1), { state: 'waiting', retryInMs: 7300, restart: true });
    mock.timers.tick(7299);
    assert.equal(sockets.length, 1, 'no reconnect before the named wait');
    connection.reconnectNow(); // the page coming to the front does not cut the wait short
    assert.equal(sockets.length, 1, 'no reconnect before the named wait, even when the page comes to the front');
    mock.timers.tick(1);
    assert.equal(sockets.length, 2, 'the reconnect comes at the named wait');

    const second = sockets[1];
    second.opens();
    assert.deepEqual(joinOf(second), { topic: '12345678', since: 44, epoch: 'e1' });
    second.says({ code: 201, msg: 'joined', data: { topic: '12345678', stream: 1, epoch: 'e1', seq: 45, replayed: 1 } });
    assert.deepEqual(chatsOf(second), [{ content: 'hello', type: 'message', clientMsgId }]);
    connection.stop();
  } finally {
    mock.timers.reset();
  }
});

test('a connection lost without a named wait backs off with full jitter under a doubling cap', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const random = mock.method(Math, 'random', () => 0.999);
  try {
    sockets.length = 0;
    const waits = [];
    const connection = new RoomConnection({
      url: () => 'ws://server/ws', token: () => 't', topic: '1', backoffBaseMs: 500, backoffMaxMs: 15000,
    });
    connection.addEventListener('state', (e) => { if (e.detail.state === 'waiting') waits.push(e.detail.retryInMs); });
    connection.start();
    for (let i = 0; i < 7; i++) {
      sockets.at(-1).closes(1006, '');
      mock.timers.tick(waits.at(-1));
    }
    assert.deepEqual(waits, [500, 999, 1998, 3996, 7992, 14985, 14985]);
    random.mock.mockImplementation(() => 0);
    sockets.at(-1).closes(1006, '');
    assert.equal(waits.at(-1), 0, 'full jitter reaches down to no wait at all');
    connection.stop();
  } finally {
    random.mock.restore();
    mock.timers.reset();
  }
});
