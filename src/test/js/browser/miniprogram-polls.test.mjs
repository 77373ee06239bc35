// Polls in the reference mini-program (clients/miniprogram) under the wx stand-in, against a deployed server: a draft
// stays unseen; the open poll shows above the chat with its counts; a viewer votes by tapping an option and changes
// its vote; the other viewer's counts follow over the socket (241); in a poll with several choices a tap adds or
// removes an option; a closed poll shows its final results and takes no vote; a viewer who joins late reads the open
// poll on joining. Polls add nothing to the chat's items.
//
//   cd src/test/js && npm ci && cd browser && BASE_URL=http://127.0.0.1:8282/ node --test miniprogram-polls.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import standIn from '../wx-standin.cjs';
import { baseUrl, guest, rest } from './support.mjs';

const { MiniProgram } = standIn;
const TIME_SCALE = 0.05;

test('the reference mini-program shows polls and votes in them', { timeout: 120_000 }, async (t) => {
  const base = baseUrl();
  const run = Date.now().toString(36);
  const apps = [];
  t.after(() => Promise.all(apps.map((a) => a.close())));
  const open = async (name, query) => {
    const who = await guest(`${name} ${run}`);
    const app = new MiniProgram({ name, baseUrl: base, token: who.token, user: who.user, timeScale: TIME_SCALE });
    apps.push(app);
    app.openRoom(query);
    await app.until(() => app.page.data.state === 'live', `${name}'s room to be live`);
    return app;
  };
  /** Taps option `index` of the poll shown, as WeChat calls a bindtap handler. */
  const tap = (app, index) => app.page.votePoll({ currentTarget: { dataset: { index } } });
  const counts = (app) => app.page.data.poll?.rows.map((r) => r.count);
  const chosen = (app) => app.page.data.poll?.rows.filter((r) => r.chosen).map((r) => r.index);
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  const host = await guest(`Host ${run}`);
  const { data: stream } = await rest('POST', 'api/streams', { title: `Mini polls ${run}`, orgName: 'Acme' }, host.token);
  const query = { id: String(stream.id), roomNum: stream.roomNumber };
  const alice = await open('Alice', query);
  const bob = await open('Bob', query);
  const create = async (question, options, multiple = false) => (await rest('POST', 'api/polls',
    { stream: stream.id, question, options, multiple, anonymous: false }, host.token)).data;

  await t.test('a draft is not shown; the opened poll is, with its counts', async () => {
    const poll = await create(`Tea or coffee? ${run}`, ['Tea', 'Coffee']);
    const { data: other } = await rest('POST', 'api/question/add', { content: `fence ${run}`, streamId: String(stream.id) }, host.token);
    await alice.until(() => alice.page.data.items.some((i) => i.type === 'question' && i.body.id === other.id), 'a later item');
    assert.equal(alice.page.data.poll, null, 'the draft is not shown');
    await rest('POST', `api/polls/${poll.id}/open`, undefined, host.token);
    for (const app of [alice, bob]) {
      await app.until(() => app.page.data.poll?.status === 'open', `${app.name} to show the poll`);
      assert.equal(app.page.data.poll.question, `Tea or coffee? ${run}`);
      assert.deepEqual(app.page.data.poll.rows.map((r) => r.label), ['Tea', 'Coffee']);
      assert.deepEqual(counts(app), [0, 0]);
    }
  });

  await t.test('a tap votes, another tap changes the vote, and the other viewer follows', async () => {
    await tap(alice, 1);
    assert.deepEqual(chosen(alice), [1]);
    assert.deepEqual(counts(alice), [0, 1]);
    await bob.until(() => same(counts(bob), [0, 1]), 'bob to see alice\'s vote');
    await tap(bob, 1);
    await tap(alice, 0);
    assert.deepEqual(chosen(alice), [0]);
    for (const app of [alice, bob]) {
      await app.until(() => same(counts(app), [1, 1]), `${app.name} to see 1, 1`);
      assert.equal(app.page.data.poll.voters, 2);
      assert.deepEqual(app.page.data.poll.rows.map((r) => r.percent), [50, 50]);
    }
  });

  await t.test('a viewer who joins late reads the open poll and its own vote on joining', async () => {
    const late = await open('Late', query);
    await late.until(() => same(counts(late), [1, 1]), 'the late viewer to show the poll');
    assert.deepEqual(chosen(late), []);
  });

  await t.test('a closed poll shows its final results and takes no vote', async () => {
    const { poll } = alice.page.data;
    await rest('POST', `api/polls/${poll.id}/close`, undefined, host.token);
    for (const app of [alice, bob]) {
      await app.until(() => app.page.data.poll?.status === 'closed', `${app.name} to show the poll closed`);
      assert.deepEqual(counts(app), [1, 1]);
    }
    await tap(alice, 1);
    assert.deepEqual(chosen(alice), [0], 'a tap on a closed poll changes nothing');
    const { data: read } = await rest('GET', `api/polls/${poll.id}`, undefined, host.token);
    assert.deepEqual(read.counts, [1, 1]);
    alice.page.closePoll();
    assert.equal(alice.page.data.poll, null);
  });

  await t.test('with several choices a tap adds or removes an option', async () => {
    const poll = await create(`Which days? ${run}`, ['Mon', 'Tue', 'Wed'], true);
    await rest('POST', `api/polls/${poll.id}/open`, undefined, host.token);
    await alice.until(() => alice.page.data.poll?.id === poll.id, 'the new poll');
    await tap(alice, 0);
    await tap(alice, 2);
    assert.deepEqual(chosen(alice), [0, 2]);
    await bob.until(() => same(counts(bob), [1, 0, 1]), 'bob to see both choices');
    await tap(alice, 0);
    assert.deepEqual(chosen(alice), [2]);
    await tap(alice, 2);
    assert.deepEqual(chosen(alice), []);
    await bob.until(() => same(counts(bob), [0, 0, 0]), 'bob to see the vote taken back');
    assert.equal(bob.page.data.poll.voters, 0);
  });

  await t.test('polls add nothing to the chat, and no page met an error', async () => {
    for (const app of [alice, bob]) {
      assert.deepEqual(app.page.data.items.map((i) => i.type), ['question'], app.name);
      assert.deepEqual(app.toasts, [], app.name);
      assert.deepEqual(app.errors.map((e) => `${e.label}: ${e.error.stack}`), [], app.name);
    }
  });
});
