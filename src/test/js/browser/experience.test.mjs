// How the pages feel in use, against a deployed server: a burst of sends keeps its order with one notice; a
// connection that dies without closing is noticed within seconds; long and empty texts are explained; the online
// count is right after a reload; the console runs moderators, blocked terms and the audit log, confirms and undoes;
// everything fits a laptop screen and a phone. Screenshots go to SCREENSHOT_DIR.
//
//   cd src/test/js && npm ci && cd browser && BASE_URL=http://127.0.0.1:8282/ node --test experience.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import {
  ask, baseUrl, createStream, itemShown, launch, livePill, openContext, picture, rest, roomHistory, say,
  screenshotDir, signIn, until, WAIT_MS,
} from './support.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };

test('the pages in use: pacing, dead connections, limits, presence, the console', { timeout: 300_000 }, async (t) => {
  const base = baseUrl();
  const run = Date.now().toString(36);
  const browser = await launch();
  t.after(() => browser.close());
  const shots = screenshotDir();

  const host = await openContext(browser, { name: 'host', viewport: DESKTOP });
  const viewer = await openContext(browser, { name: 'viewer', viewport: PHONE });
  const notFound = [];
  for (const who of [host, viewer]) {
    who.page.on('response', (r) => { if (r.status() === 404) notFound.push(r.url()); });
  }
  let stream, link;

  await t.test('before anything happened the sign-in form shows no connection state; an empty room says so', async () => {
    ({ link, stream } = await createStream(host.page, {
      host: `Dana ${run}`,
      hostPicture: picture('D', '#e0464f'),
      title: `Spring product launch ${run}`,
      orgName: 'Northwind',
      orgLogo: picture('N', '#0f766e'),
    }));
    await host.page.locator('#empty', { hasText: 'No messages yet' }).waitFor({ timeout: WAIT_MS });

    await viewer.page.goto(link);
    await viewer.page.locator('#signin-form').waitFor({ timeout: WAIT_MS });
    assert.equal(await viewer.page.locator('#state').isHidden(), true, 'no red "Not connected" over the sign-in form');
    await signIn(viewer.page, `Sam ${run}`, picture('S', '#2563eb'));
    await livePill(viewer.page);
    await viewer.page.locator('#empty', { hasText: 'No messages yet' }).waitFor({ timeout: WAIT_MS });
    await viewer.page.screenshot({ path: path.join(shots, 'viewer-empty.png') });
    await say(viewer.page, `First! ${run}`);
    await itemShown(viewer.page, `First! ${run}`);
    assert.equal(await viewer.page.locator('#empty').isHidden(), true);
  });

  await t.test('the online count is right after a reload, though the room\'s count did not change', async () => {
    for (const who of [host, viewer]) await who.page.locator('#online[data-online="2"]').waitFor({ timeout: WAIT_MS });
    // the old socket leaves and the new one joins within one push interval: the server pushes nothing
    await viewer.page.reload();
    await livePill(viewer.page);
    await viewer.page.locator('#online[data-online="2"]').waitFor({ timeout: 2500 });
    await host.page.reload();
    await livePill(host.page);
    await host.page.locator('#online[data-online="2"]').waitFor({ timeout: 2500 });
  });

  await t.test('25 quick sends arrive in order, with one notice at most', async () => {
    const { page } = viewer;
    await page.evaluate(() => {
      window.__mostNotices = 0;
      new MutationObserver(() => {
        window.__mostNotices = Math.max(window.__mostNotices, document.querySelectorAll('#notices .notice').length);
      }).observe(document.body, { childList: true, subtree: true });
    });
    const texts = Array.from({ length: 25 }, (_, i) => `Burst ${String(i + 1).padStart(2, '0')} ${run}`);
    for (const text of texts) await say(page, text);
    await page.screenshot({ path: path.join(shots, 'viewer-burst.png') });
    for (const text of texts) await itemShown(host.page, text);
    await page.locator('#outbox li').first().waitFor({ state: 'detached', timeout: 30_000 });
    const history = (await roomHistory(stream)).filter((i) => i.content.startsWith('Burst ')).map((i) => i.content);
    assert.deepEqual(history, texts, 'stored in the order typed');
    const shown = await page.locator('#items li.item.message .text').allTextContents();
    assert.deepEqual(shown.filter((s) => s.startsWith('Burst ')), texts, 'shown in the order typed');
    const most = await page.evaluate(() => window.__mostNotices);
    assert.ok(most <= 1, `one notice at most at any time (saw ${most})`);
  });

  await t.test('a long paste is kept and counted, spaces alone are explained, a refusal does not echo the paste', async () => {
    const { page } = viewer;
    const long = `${'This is a very long paste. '.repeat(80)}`.slice(0, 2000);
    await page.locator('#text').fill(long);
    assert.equal((await page.locator('#text').inputValue()).length, 2000, 'nothing is cut silently');
    assert.equal(await page.locator('#counter').textContent(), '2000 / 500');
    assert.equal(await page.locator('#counter').getAttribute('data-over'), 'true');
    await page.locator('#composer-note', { hasText: '1500 characters too long: the limit is 500' }).waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator('#composer button[value=message]').isDisabled(), true);
    await page.screenshot({ path: path.join(shots, 'viewer-too-long.png') });
    await page.locator('#text').fill('     ');
    await page.locator('#composer button[value=message]').click();
    await page.locator('#composer-note', { hasText: 'Type something first' }).waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator('#outbox li').count(), 0);

    // a refused text is named by its start only
    await rest('POST', `api/streams/${stream}/blocked-terms`, { term: 'forbiddenword' }, await hostToken(host.page));
    const refused = `forbiddenword ${'and then a lot more text '.repeat(18)}`.slice(0, 480);
    await say(page, refused);
    const notice = page.locator('.notice', { hasText: 'Not sent' });
    await notice.waitFor({ timeout: WAIT_MS });
    const words = await notice.locator('.words').textContent();
    assert.ok(words.length < 140, `the notice is short (${words.length} characters): ${words}`);
    assert.match(words, /^Not sent \(“forbiddenword .*…”\): The message contains a blocked term/);
  });

  await t.test('a connection that dies without closing shows within 10 s; what was typed goes out once it is back', async () => {
    const proxy = await blackHoleProxy(new URL(base));
    t.after(() => proxy.close());
    const far = await openContext(browser, { name: 'far', viewport: PHONE });
    t.after(() => far.context.close());
    await far.page.goto(new URL(`?stream=${stream}`, proxy.url).href);
    await signIn(far.page, `Remote Riley ${run}`, '');
    await livePill(far.page);
    await itemShown(far.page, `First! ${run}`);
    proxy.freeze();
    const typed = `Typed into a dead line ${run}`;
    const started = Date.now();
    await say(far.page, typed);
    await far.page.locator('#outbox li', { hasText: typed }).waitFor({ timeout: WAIT_MS });
    // the page gives up the dead socket: the pill leaves "Live" (offline, or reconnecting into the black hole) and
    // the message waits for the connection
    await far.page.locator('#outbox li', { hasText: 'waiting for the connection' }).waitFor({ timeout: 10_000 });
    const noticed = Date.now() - started;
    assert.ok(noticed <= 10_000, `noticed after ${noticed} ms`);
    assert.notEqual(await far.page.locator('#state').getAttribute('data-state'), 'live');
    await far.page.screenshot({ path: path.join(shots, 'viewer-offline.png') });
    proxy.thaw();
    await livePill(far.page);
    await itemShown(host.page, typed);
    await far.page.locator('#outbox li').waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.equal((await roomHistory(stream)).filter((i) => i.content === typed).length, 1, 'stored once');
  });

  await t.test('the host appoints a moderator from the chat, who gets held questions pushed; then removes them', async () => {
    const said = `Happy to help with questions ${run}`;
    await say(viewer.page, said);
    const item = await itemShown(host.page, said);
    await item.locator('button', { hasText: 'Make moderator' }).click();
    await host.page.locator('.notice', { hasText: `Sam ${run} is now a moderator` }).waitFor({ timeout: WAIT_MS });
    await viewer.page.locator('.notice', { hasText: 'You are now a moderator' }).waitFor({ timeout: WAIT_MS });
    await host.page.locator('#section-tabs button', { hasText: 'Moderators' }).click();
    await host.page.locator('#moderators li', { hasText: `Sam ${run}` }).waitFor({ timeout: WAIT_MS });

    // the moderator's console: a held question arrives on the socket, nothing polls for it
    const console = await openContext(browser, { name: 'moderator console', viewport: DESKTOP });
    t.after(() => console.context.close());
    await console.context.addInitScript((session) => localStorage.setItem('liveroom.session', session),
      await viewer.page.evaluate(() => localStorage.getItem('liveroom.session')));
    const polls = [];
    console.page.on('request', (r) => { if (/api\/question\?.*state=pending/.test(r.url())) polls.push(r.url()); });
    await console.page.goto(new URL(`host.html?stream=${stream}`, base).href);
    await livePill(console.page);
    await console.page.locator('#question-tabs button[data-state=pending]').waitFor({ timeout: WAIT_MS });
    await host.page.locator('#section-tabs button', { hasText: 'Questions' }).click();
    await host.page.locator('#hold-for-review').check();
    await host.page.locator('#allow-anonymous').check();

    const asker = await openContext(browser, { name: 'asker', viewport: PHONE });
    t.after(() => asker.context.close());
    await asker.page.goto(link);
    await signIn(asker.page, `Quinn ${run}`, '');
    await livePill(asker.page);
    await asker.page.locator('#anonymous-choice').waitFor({ timeout: WAIT_MS });
    await asker.page.locator('#anonymous').check();
    const held = `Will the recording be available to everyone? ${run}`;
    await ask(asker.page, held);
    await asker.page.locator('.notice', { hasText: 'waits for the host' }).waitFor({ timeout: WAIT_MS });
    assert.equal(await asker.page.locator('#anonymous').isChecked(), false, 'the next question is not anonymous unless ticked again');

    for (const who of [host, console]) {
      const pending = who.page.locator('#question-tabs button[data-state=pending]');
      await until(async () => (await pending.locator('.count').textContent()) === '1', `${who.name}: the held question`, 2000);
      assert.ok(who.frames.some((f) => f.dir === 'received' && f.frame?.code === 224), `${who.name} got it pushed`);
    }
    assert.ok(!asker.frames.some((f) => f.frame?.code === 224), 'a viewer hears nothing of it');
    assert.deepEqual(polls, [], 'the console does not poll for held questions');

    // the anonymous badge is a small readable label, the card keeps its layout
    await host.page.locator('#question-tabs button[data-state=pending]').click();
    const badge = host.page.locator('#questions li', { hasText: held }).locator('.badge.anonymous');
    const look = await badge.evaluate((b) => {
      const style = getComputedStyle(b);
      return { width: b.getBoundingClientRect().width, color: style.color, background: style.backgroundColor, display: style.display };
    });
    assert.ok(look.width < 120, `the badge is a label, not a bar (${look.width}px)`);
    assert.equal(look.color, 'rgb(255, 255, 255)');
    assert.notEqual(look.background, look.color);
    const name = host.page.locator('#questions li', { hasText: held }).locator('.meta .name');
    const [nameBox, badgeBox] = [await name.boundingBox(), await badge.boundingBox()];
    await host.page.evaluate(() => document.getElementById('notices')?.replaceChildren());
    await host.page.screenshot({ path: path.join(shots, 'host-pending.png') });
    assert.ok(Math.abs(nameBox.y + nameBox.height / 2 - badgeBox.y - badgeBox.height / 2) < 8,
      `the badge sits on the name's line (${JSON.stringify([nameBox, badgeBox])})`);

    await host.page.locator('#section-tabs button', { hasText: 'Moderators' }).click();
    const remove = host.page.locator('#moderators li', { hasText: `Sam ${run}` }).locator('button');
    await remove.click();
    assert.equal(await remove.textContent(), 'Remove? Click again');
    await remove.click();
    await host.page.locator('#no-moderators').waitFor({ timeout: WAIT_MS });
    await viewer.page.locator('.notice', { hasText: 'no longer a moderator' }).waitFor({ timeout: WAIT_MS });
  });

  await t.test('blocked terms: refused, then masked; the audit log tells what happened', async () => {
    await host.page.locator('#section-tabs button', { hasText: 'Blocked terms' }).click();
    await host.page.locator('#terms li', { hasText: 'forbiddenword' }).waitFor({ timeout: WAIT_MS });
    await host.page.locator('#term').fill('spoiler');
    await host.page.locator('#term-form button').click();
    await host.page.locator('#terms li', { hasText: 'spoiler' }).waitFor({ timeout: WAIT_MS });
    await say(viewer.page, `Big spoiler ahead ${run}`);
    await viewer.page.locator('.notice', { hasText: 'blocked term' }).first().waitFor({ timeout: WAIT_MS });
    await host.page.locator('#terms-mode').selectOption('mask');
    await until(async () => (await rest('GET', `api/streams/${stream}/settings`, undefined, await hostToken(host.page)))
      .data.blockedTermsMode === 'mask', 'the mode to change');
    await say(viewer.page, `Another spoiler here ${run}`);
    await itemShown(host.page, `Another ******* here ${run}`);
    await host.page.locator('#terms li', { hasText: 'forbiddenword' }).locator('button').click();
    await host.page.locator('#terms li', { hasText: 'forbiddenword' }).waitFor({ state: 'detached', timeout: WAIT_MS });
    await host.page.evaluate(() => document.getElementById('notices')?.replaceChildren());
    await host.page.screenshot({ path: path.join(shots, 'host-terms.png') });

    await host.page.locator('#section-tabs button', { hasText: 'Audit log' }).click();
    for (const says of ['unblocked the term “forbiddenword”', 'set blocked terms to be masked', 'blocked the term “spoiler”',
      `removed Sam ${run} as moderator`, `appointed Sam ${run} moderator`]) {
      await host.page.locator('#audit li', { hasText: says }).waitFor({ timeout: WAIT_MS });
    }
    await host.page.screenshot({ path: path.join(shots, 'host-audit.png') });
    await host.page.locator('#section-tabs button', { hasText: 'Questions' }).click();
  });

  await t.test('a mute and a ban can be undone from their notice', async () => {
    const said = `Can you hear me? ${run}`;
    await say(viewer.page, said);
    const item = await itemShown(host.page, said);
    await item.locator('button', { hasText: 'Mute' }).click();
    await viewer.page.locator('#composer-note', { hasText: 'You are muted until' }).waitFor({ timeout: WAIT_MS });
    const noteText = await viewer.page.locator('#composer-note').textContent();
    assert.doesNotMatch(noteText, /\d{4}-\d{2}-\d{2}T/, 'a local time, not the server\'s ISO text');
    await viewer.page.screenshot({ path: path.join(shots, 'viewer-muted.png') });
    await host.page.locator('.notice', { hasText: 'is muted for' }).locator('button.action', { hasText: 'Undo' }).click();
    await viewer.page.locator('#composer-note').waitFor({ state: 'hidden', timeout: WAIT_MS });
    await host.page.locator('#sanctions li[data-kind=mute]').waitFor({ state: 'detached', timeout: WAIT_MS });

    const ban = item.locator('button', { hasText: 'Ban' });
    await ban.click();
    await ban.click();
    await viewer.page.locator('#state[data-state=shut]').waitFor({ timeout: WAIT_MS });
    await host.page.locator('.notice', { hasText: 'is banned' }).locator('button.action', { hasText: 'Undo' }).click();
    await host.page.locator('#sanctions li[data-kind=ban]').waitFor({ state: 'detached', timeout: WAIT_MS });
    await viewer.page.reload();
    await livePill(viewer.page);
    await say(viewer.page, `Back again ${run}`);
    await itemShown(host.page, `Back again ${run}`);
  });

  await t.test('a laptop and a phone: the composer is on screen, notices cover neither it nor the newest item', async () => {
    for (let i = 0; i < 12; i++) await say(viewer.page, `Filling the room, line ${i + 1} ${run}`);
    await itemShown(host.page, `Filling the room, line 12 ${run}`);
    for (const [who, size] of [[host, DESKTOP], [host, PHONE], [viewer, PHONE], [viewer, DESKTOP]]) {
      await who.page.setViewportSize(size);
      await who.page.evaluate(() => document.getElementById('notices')?.replaceChildren());
      const label = `${who.name} at ${size.width}×${size.height}`;
      if (size === DESKTOP || who === viewer) {
        const box = await who.page.locator('#composer').boundingBox();
        assert.ok(box && box.y >= 0 && box.y + box.height <= size.height, `${label}: the composer is on screen`);
      }
      const overflow = await who.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${label}: no sideways scrolling (${overflow}px)`);
      // a notice as the page shows one, through its own module
      await who.page.evaluate(() => import('/app/render.js').then((m) => m.notify('Your question waits for the host.', 'info')));
      if (size === DESKTOP || who === viewer) {
        const [notice, composer, newest] = await Promise.all([who.page.locator('#notices').boundingBox(),
          who.page.locator('#composer').boundingBox(), who.page.locator('#items li.item').last().boundingBox()]);
        assert.ok(!overlaps(notice, composer), `${label}: a notice leaves the composer free`);
        assert.ok(!overlaps(notice, newest), `${label}: a notice leaves the newest item free`);
      }
      await who.page.evaluate(() => document.getElementById('notices')?.replaceChildren());
      await who.page.screenshot({ path: path.join(shots, `${who.name}-${size.width}x${size.height}.png`) });
    }
    assert.deepEqual(notFound, [], 'no page asked for anything that is not there (a favicon)');
    for (const who of [host, viewer]) assert.deepEqual(who.trouble.errors, [], `${who.name} had no script errors`);
  });
});

function overlaps(a, b) {
  return Boolean(a && b) && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function hostToken(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('liveroom.session')).token);
}

/**
 * A TCP relay to the server that can turn into a black hole: frozen, it passes nothing either way and closes
 * nothing, as a network that went away silently. Thawed, it drops what it held open and relays new connections.
 */
async function blackHoleProxy(target) {
  const sockets = new Set();
  let frozen = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const [from, to] of [[client, upstream], [upstream, client]]) {
      sockets.add(from);
      from.on('data', (chunk) => { if (!frozen) to.write(chunk); });
      from.on('error', () => {});
      from.on('close', () => { sockets.delete(from); if (!frozen) to.destroy(); });
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    freeze() { frozen = true; },
    thaw() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      frozen = false;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}
