// Runs the reference mini-program (clients/miniprogram) under a wx stand-in against a deployed server: two
// viewers chat, ask and see the answer; error frames reach the user; a viewer whose network goes away queues
// what it sends, comes back by itself and misses nothing; one socket, one set of handlers, heartbeats.
//
//   cd src/test/js && npm ci && cd browser && BASE_URL=http://127.0.0.1:8282/ node --test miniprogram.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import standIn from '../wx-standin.cjs';
import { baseUrl, guest, rest } from './support.mjs';

const { MiniProgram } = standIn;
// heartbeats every 0.5 s instead of 10 s, backoff from 25 ms: the same code, a faster clock
const TIME_SCALE = 0.05;

test('the reference mini-program works against the server', { timeout: 120_000 }, async (t) => {
  const base = baseUrl();
  const run = Date.now().toString(36);
  const apps = [];
  t.after(() => Promise.all(apps.map((a) => a.close())));
  const open = async (name, query) => {
    const who = await guest(`${name} ${run}`);
    const app = new MiniProgram({ name, baseUrl: base, token: who.token, user: who.user, timeScale: TIME_SCALE });
    apps.push(app);
    app.openRoom(query);
    return app;
  };
  const live = (app) => app.until(() => app.page.data.state === 'live', 'the room to be live');
  const shows = (app, predicate, what) => app.until(() => app.page.data.items.find(predicate), what);
  const texts = (app) => app.page.data.items.filter((i) => i.type === 'message').map((i) => i.content);

  const host = await guest(`Host ${run}`);
  const { data: stream } = await rest('POST', 'api/streams',
    { title: `Mini ${run}`, orgName: 'Acme', orgLogo: 'https://example.com/logo.png' }, host.token);

  let alice, bob;
  await t.test('viewers open the room and chat', async () => {
    alice = await open('Alice', { id: String(stream.id), roomNum: stream.roomNumber });
    // a share link may carry only the id: the page reads the room number from the server
    bob = await open('Bob', { id: String(stream.id) });
    await Promise.all([live(alice), live(bob)]);
    alice.page.onInput({ detail: { value: `hello ${run}` } });
    alice.page.sendMessage();
    await shows(bob, (i) => i.content === `hello ${run}`, 'alice\'s message at bob');
    await shows(alice, (i) => i.content === `hello ${run}`, 'alice\'s own echo');
    await alice.until(() => alice.page.data.pending.length === 0, 'the ack to empty the queue');
    assert.equal(alice.page.data.inputValue, '');
    const item = bob.page.data.items.find((i) => i.content === `hello ${run}`);
    assert.equal(item.displayName, `Alice ${run}`);
    assert.equal(bob.page.data.lastId, `item-${item.id}`);
  });

  await t.test('a question and its answer reach both viewers', async () => {
    bob.page.onInput({ detail: { value: `When? ${run}` } });
    bob.page.askQuestion();
    const question = await shows(alice, (i) => i.type === 'question' && i.body.content === `When? ${run}`, 'the question');
    await rest('POST', `api/question/${question.body.id}/answer`, { answer: `Now ${run}` }, host.token);
    for (const app of [alice, bob]) {
      const answer = await shows(app, (i) => i.type === 'answer', 'the answer');
      assert.equal(answer.body.question, `When? ${run}`);
      assert.equal(answer.body.answer, `Now ${run}`);
      assert.equal(answer.body.orgName, 'Acme');
      assert.equal(answer.displayName, `Bob ${run}`);
    }
    await bob.until(() => bob.page.data.pending.length === 0, 'the question to leave the queue');
  });

  await t.test('the server\'s error frames are shown to the user', async () => {
    const lost = await open('Lost', { id: String(stream.id), roomNum: '00000000' });
    await lost.until(() => lost.toasts.find((toast) => /no room 00000000/.test(toast.title)), 'the 404 frame as a toast');
    assert.notEqual(lost.page.data.state, 'live');
  });

  await t.test('one socket with one set of handlers, and heartbeats on it', async () => {
    await alice.until(() => alice.sent.filter((f) => JSON.parse(f.data).type === 1).length >= 2, 'two heartbeats');
    const beats = alice.sent.filter((f) => JSON.parse(f.data).type === 1);
    assert.ok(beats.every((f) => f.task === beats[0].task), 'the beats go out on the one socket');
    assert.equal(alice.openSockets(), 1);
    for (const task of alice.sockets) {
      assert.deepEqual(task.handlerCalls, { open: 1, close: 1, error: 1, message: 1 });
    }
  });

  await t.test('a viewer whose network goes away queues, reconnects by itself and misses nothing', async () => {
    const socketsBefore = alice.sockets.length;
    alice.offline = true;
    assert.equal(alice.cut(), 1);
    await alice.until(() => alice.page.data.state === 'waiting', 'alice to notice');
    await alice.until(() => alice.sockets.length >= socketsBefore + 2, 'a reconnect attempt that fails');

    alice.page.onInput({ detail: { value: `typed offline ${run}` } });
    alice.page.sendMessage();
    alice.page.onInput({ detail: { value: `asked offline ${run}` } });
    alice.page.askQuestion();
    assert.equal(alice.page.data.pending.length, 2);
    for (const n of [1, 2, 3]) {
      bob.page.onInput({ detail: { value: `missed ${n} ${run}` } });
      bob.page.sendMessage();
    }
    await shows(bob, (i) => i.content === `missed 3 ${run}`, 'bob\'s last message');
    assert.equal(alice.page.data.items.some((i) => i.content === `missed 1 ${run}`), false);

    const framesBefore = alice.sent.length;
    const receivedBefore = alice.received.length;
    alice.offline = false;
    await live(alice);
    const join = JSON.parse(alice.sent.slice(framesBefore).map((f) => JSON.parse(f.data)).find((f) => f.type === 3).payLoad);
    assert.ok(join.since > 0 && join.epoch, `the rejoin resumes: ${JSON.stringify(join)}`);
    const joined = alice.received.slice(receivedBefore).map((f) => JSON.parse(f)).find((f) => f.code === 201);
    assert.ok(joined.data.replayed >= 3, JSON.stringify(joined.data));
    await shows(alice, (i) => i.content === `missed 3 ${run}`, 'the missed messages');
    await shows(bob, (i) => i.content === `typed offline ${run}`, 'alice\'s queued message at bob');
    await shows(bob, (i) => i.type === 'question' && i.body.content === `asked offline ${run}`, 'alice\'s queued question');
    await alice.until(() => alice.page.data.pending.length === 0, 'the queue to empty');

    const { data: history } = await rest('GET',
      `api/message/chatmsg?stream=${stream.id}&page=1&resultsPerPage=1000&type=`, undefined, host.token);
    await alice.until(() => alice.page.data.items.length === history.items.length, 'alice to hold the whole history');
    for (const app of [alice, bob]) {
      assert.deepEqual(app.page.data.items.map((i) => i.seq), history.items.map((i) => i.seq), app.name);
    }
    assert.deepEqual(texts(bob).filter((s) => s === `typed offline ${run}`), [`typed offline ${run}`]);
    assert.equal(alice.openSockets(), 1);
  });

  await t.test('when the server cannot replay (410), the page reads the history instead', async () => {
    // a history of another epoch cannot be resumed: the server joins the socket and says 410
    alice.offline = true;
    alice.cut();
    await alice.until(() => alice.page.data.state === 'waiting', 'alice to notice');
    alice.page.epoch = 'not-this-room';
    bob.page.onInput({ detail: { value: `after the reset ${run}` } });
    bob.page.sendMessage();
    await shows(bob, (i) => i.content === `after the reset ${run}`, 'bob\'s message');
    const receivedBefore = alice.received.length;
    alice.offline = false;
    await alice.until(() => alice.received.slice(receivedBefore).some((f) => JSON.parse(f).code === 410), 'a 410');
    await live(alice);
    await shows(alice, (i) => i.content === `after the reset ${run}`, 'the message read from history');
    const { data: history } = await rest('GET',
      `api/message/chatmsg?stream=${stream.id}&page=1&resultsPerPage=100&type=`, undefined, host.token);
    await alice.until(() => alice.page.data.items.length === history.items.length, 'alice to hold the newest page');
    assert.deepEqual(alice.page.data.items.map((i) => i.seq), history.items.map((i) => i.seq));
  });

  await t.test('leaving the page closes the socket and leaves no timer behind', async () => {
    await bob.close();
    assert.equal(bob.leftTimers, 0);
    assert.equal(bob.openSockets(), 0);
    for (const app of apps) assert.deepEqual(app.errors.map((e) => `${e.label}: ${e.error.stack}`), [], app.name);
  });
});
