// Likes in the browser: two viewers (desktop and phone) tap the heart, each tap floats a heart up and shows at once;
// every page, the host console too, ends on the room's total, which never goes backwards; taps go out batched in
// like frames (type 4), and nothing about likes reaches a page as a chat item (200). A closed room turns the button
// off. Screenshots: likes-viewer-desktop.png, likes-viewer-phone.png, likes-host.png, likes-closed-phone.png.
//
//   cd src/test/js && npm ci && cd browser && BASE_URL=http://127.0.0.1:8282/ node --test likes.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  baseUrl, createStream, launch, livePill, openContext, picture, rest, say, screenshotDir, signIn, until, WAIT_MS,
} from './support.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };

test('likes in the browser', { timeout: 180_000 }, async (t) => {
  const base = baseUrl();
  const run = Date.now().toString(36);
  const browser = await launch();
  t.after(() => browser.close());

  const host = await openContext(browser, { name: 'host', viewport: DESKTOP });
  const alice = await openContext(browser, { name: 'alice', viewport: DESKTOP });
  const bob = await openContext(browser, { name: 'bob', viewport: PHONE });
  const viewers = [alice, bob];
  const everyone = [host, alice, bob];
  const shown = (who) => who.page.locator('#likes').getAttribute('data-likes').then(Number);
  // what each page showed, sampled as the test runs: it must never go down
  const seen = new Map(everyone.map((who) => [who.name, []]));
  const sample = async () => {
    for (const who of everyone) seen.get(who.name).push(await shown(who));
  };
  let stream, link;

  await t.test('a host and two viewers are in the room; every page shows no likes yet', async () => {
    ({ link, stream } = await createStream(host.page, {
      host: `Host ${run}`,
      hostPicture: picture('H', '#e0464f'),
      title: `Likes ${run}`,
    }));
    await alice.page.goto(link);
    await signIn(alice.page, `Alice ${run}`, picture('A', '#2563eb'));
    await bob.page.goto(link);
    await signIn(bob.page, `Bob ${run}`, '');
    await Promise.all(everyone.map((who) => livePill(who.page)));
    for (const who of everyone) {
      await who.page.locator('#likes[data-likes="0"]').waitFor({ timeout: WAIT_MS });
    }
    await say(alice.page, `Hello from Alice ${run}`);
    await say(bob.page, `Love this ${run}`);
  });

  await t.test('taps show at once with a floating heart, and every page ends on the total', async () => {
    for (let i = 0; i < 5; i++) await alice.page.locator('#like').click();
    assert.ok(await alice.page.locator('#like .like-float').count() > 0, 'a heart floats up from the button');
    assert.equal(await shown(alice), 5, 'alice sees her taps at once');
    for (let i = 0; i < 3; i++) await bob.page.locator('#like').click();
    await bob.page.screenshot({ path: path.join(screenshotDir(), 'likes-tapping-phone.png') });
    await sample();
    for (const who of everyone) {
      await until(async () => (await shown(who)) === 8, `${who.name} to show 8 likes`);
    }
    // a second round, a little later: the pushes go on rising
    for (let i = 0; i < 4; i++) await bob.page.locator('#like').click();
    await sample();
    for (const who of everyone) {
      await until(async () => (await shown(who)) === 12, `${who.name} to show 12 likes`);
      assert.equal(await who.page.locator('#likes').textContent(), '12');
    }
    await sample();
    for (const [name, values] of seen) {
      for (let i = 1; i < values.length; i++) assert.ok(values[i] >= values[i - 1], `${name} never goes backwards: ${values}`);
    }
    const check = await rest('POST', 'api/auth/guest', { displayName: 'checker', avatarUrl: '' });
    const total = await rest('GET', `api/streams/${stream}/likes`, undefined, check.data.token);
    assert.equal(total.data.likes, 12);

    // batched: fewer like frames than taps, each within 1..100
    for (const who of viewers) {
      const likes = who.frames.filter((f) => f.dir === 'sent' && f.frame?.type === 4);
      assert.ok(likes.length >= 1, `${who.name} sent like frames`);
      const taps = likes.map((f) => JSON.parse(f.frame.payLoad).count);
      assert.ok(taps.every((c) => c >= 1 && c <= 100), `counts ${taps}`);
      assert.equal(taps.reduce((a, b) => a + b, 0), who === alice ? 5 : 7, `${who.name}'s taps all went out`);
    }
    // nothing about likes came as a chat item: every 200 frame is one of the two messages
    for (const who of everyone) {
      const items = who.frames.filter((f) => f.dir === 'received' && f.frame?.code === 200)
        .map((f) => JSON.parse(f.frame.data).content);
      assert.ok(items.every((c) => c.includes(run)), `${who.name}: only chat items with 200: ${items}`);
      assert.ok(who.frames.some((f) => f.dir === 'received' && f.frame?.code === 250), `${who.name} got 250`);
      assert.deepEqual(who.trouble, { dialogs: [], errors: [] }, who.name);
    }
    await alice.page.screenshot({ path: path.join(screenshotDir(), 'likes-viewer-desktop.png') });
    await bob.page.screenshot({ path: path.join(screenshotDir(), 'likes-viewer-phone.png') });
    await host.page.screenshot({ path: path.join(screenshotDir(), 'likes-host.png') });
  });

  await t.test('a closed room turns the like button off, and reopening turns it on', async () => {
    await rest('POST', `api/streams/${stream}/close`, undefined, await hostToken(host));
    for (const who of viewers) {
      await until(async () => who.page.locator('#like').isDisabled(), `${who.name}'s like button to turn off`);
    }
    await bob.page.screenshot({ path: path.join(screenshotDir(), 'likes-closed-phone.png') });
    await rest('POST', `api/streams/${stream}/reopen`, undefined, await hostToken(host));
    for (const who of viewers) {
      await until(async () => who.page.locator('#like').isEnabled(), `${who.name}'s like button to turn on`);
    }
    await alice.page.locator('#like').click();
    for (const who of everyone) {
      await until(async () => (await shown(who)) === 13, `${who.name} to show 13 likes`);
    }
  });
});

/** The host page's token, as the page keeps it. */
async function hostToken(host) {
  return host.page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const value = localStorage.getItem(localStorage.key(i));
      try {
        const parsed = JSON.parse(value);
        if (parsed?.token) return parsed.token;
      } catch {
        if (/^ey/.test(value ?? '')) return value;
      }
    }
    return null;
  });
}
