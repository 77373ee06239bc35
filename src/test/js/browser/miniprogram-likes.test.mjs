// The reference mini-program's like button (clients/miniprogram) under the wx stand-in, against a deployed server:
// two viewers tap, the taps go out batched in like frames (type 4), both pages end on the room's total, and a page
// opened later reads the total on joining.
//
//   cd src/test/js && npm ci && cd browser && BASE_URL=http://127.0.0.1:8282/ node --test miniprogram-likes.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import standIn from '../wx-standin.cjs';
import { baseUrl, guest, rest } from './support.mjs';

const { MiniProgram } = standIn;
const TIME_SCALE = 0.05;

test('the mini-program likes the room and shows the total', { timeout: 120_000 }, async (t) => {
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
  const host = await guest(`Host ${run}`);
  const { data: stream } = await rest('POST', 'api/streams',
    { title: `Mini likes ${run}`, orgName: 'Acme', orgLogo: 'https://example.com/logo.png' }, host.token);
  const query = { id: String(stream.id), roomNum: stream.roomNumber };

  const alice = await open('Alice', query);
  const bob = await open('Bob', query);
  assert.equal(alice.page.data.likes, 0);

  for (let i = 0; i < 3; i++) alice.page.tapLike();
  assert.equal(alice.page.data.likes, 3, 'a tap shows at once');
  for (let i = 0; i < 2; i++) bob.page.tapLike();
  for (const app of [alice, bob]) {
    await app.until(() => app.page.data.likes === 5, `${app.name} to show 5 likes`);
  }
  const likeFrames = (app) => app.sent.map((f) => JSON.parse(f.data)).filter((f) => f.type === 4)
    .map((f) => JSON.parse(f.payLoad));
  assert.deepEqual(likeFrames(alice), [{ topic: stream.roomNumber, count: 3 }], 'three taps, one frame');
  assert.deepEqual(likeFrames(bob), [{ topic: stream.roomNumber, count: 2 }]);
  const total = await rest('GET', `api/streams/${stream.id}/likes`, undefined, host.token);
  assert.equal(total.data.likes, 5);
  // no like reached the page as a chat item
  assert.equal(alice.page.data.items.length, 0);

  const carol = await open('Carol', query);
  await carol.until(() => carol.page.data.likes === 5, 'a page opened later to read the total');
});
