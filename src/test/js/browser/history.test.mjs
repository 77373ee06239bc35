// The viewer page with a long history, and with a token the server refuses.
//
//   cd src/test/js && npm ci && cd browser && BASE_URL=http://127.0.0.1:8282/ node --test history.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  WAIT_MS, baseUrl, guest, itemShown, launch, livePill, openContext, rest, roomHistory, say, shownSeqs, signIn, until,
} from './support.mjs';

const PHONE = { width: 390, height: 844 };
const ASKERS = 28;
const QUESTIONS_EACH = 5; // the server's per-user question burst (liveroom.limits.question-burst)

test('the viewer page with a long history and a refused token', { timeout: 120_000 }, async (t) => {
  const base = baseUrl();
  const run = Date.now().toString(36);
  const browser = await launch();
  t.after(() => browser.close());

  const host = await guest(`Host ${run}`);
  const { data: stream } = await rest('POST', 'api/streams', { title: `Long ${run}`, orgName: 'Acme', orgLogo: '' }, host.token);
  const link = new URL(`?stream=${stream.id}`, base).href;

  await t.test('the newest page shows first, earlier items on demand, all in order', async () => {
    const askers = await Promise.all(Array.from({ length: ASKERS }, (_, n) => guest(`Asker ${n} ${run}`)));
    for (let q = 0; q < QUESTIONS_EACH; q++) {
      await Promise.all(askers.map((asker, n) => rest('POST', 'api/question/add',
        { content: `question ${n}.${q} ${run}`, streamId: String(stream.id) }, asker.token)));
    }
    const total = ASKERS * QUESTIONS_EACH;
    const viewer = await openContext(browser, { name: 'viewer', viewport: PHONE });
    t.after(() => viewer.context.close());
    const { page } = viewer;
    await page.goto(link);
    await signIn(page, `Reader ${run}`, '');
    await livePill(page);
    await until(async () => (await shownSeqs(page)).length === 100, 'the newest page of 100');
    assert.deepEqual(await shownSeqs(page), Array.from({ length: 100 }, (_, i) => total - 99 + i));
    // the list stays pinned to the newest item
    const atBottom = await page.locator('#main').evaluate((m) => m.scrollHeight - m.scrollTop - m.clientHeight < 2);
    assert.ok(atBottom, 'scrolled to the newest item');

    const earlier = page.locator('#earlier');
    await earlier.waitFor({ timeout: WAIT_MS });
    await earlier.click();
    await until(async () => (await shownSeqs(page)).length === total, 'all items');
    await earlier.waitFor({ state: 'hidden', timeout: WAIT_MS });
    const history = await roomHistory(stream.id);
    assert.deepEqual(await shownSeqs(page), history.map((i) => i.seq));

    await say(page, `still live ${run}`);
    await itemShown(page, `still live ${run}`);
    assert.deepEqual(viewer.trouble.errors, []);
  });

  await t.test('a token the server refuses sends the viewer back to the sign-in form', async () => {
    const viewer = await openContext(browser, { name: 'forged', viewport: PHONE });
    t.after(() => viewer.context.close());
    const { page } = viewer;
    const forged = ['e30', btoa(JSON.stringify({ sub: '1', exp: 4102444800 })).replace(/=+$/, ''), 'c2lnbmF0dXJl'].join('.');
    await page.goto(link);
    await page.evaluate((token) => {
      localStorage.setItem('liveroom.session', JSON.stringify({ token, user: { id: 1, displayName: 'Forger' } }));
    }, forged);
    await page.reload();
    await page.locator('#signin-form').waitFor({ timeout: WAIT_MS });
    await page.locator('.notice', { hasText: 'sign in again' }).waitFor({ timeout: WAIT_MS });
    await signIn(page, `Honest ${run}`, '');
    await livePill(page);
    await say(page, `signed in properly ${run}`);
    const item = await itemShown(page, `signed in properly ${run}`);
    assert.equal(await item.locator('.name').textContent(), `Honest ${run}`);
  });
});
