// Two viewers and a host, each in a browser context of their own, use the web pages against a deployed server:
// they chat, ask, answer; one viewer loses its connection and comes back with nothing missing; markup that
// users type stays text. (board.test.mjs takes the screenshots.)
//
//   cd src/test/js && npm ci && BASE_URL=http://127.0.0.1:8282/ npm run test:browser
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ask, baseUrl, createStream, itemShown, launch, livePill, openContext, picture, roomHistory, say, shownSeqs, signIn,
  until, WAIT_MS,
} from './support.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };
const XSS = '<img src=x onerror=alert(1)>';

test('viewers and a host chat, ask and answer in the browser', { timeout: 180_000 }, async (t) => {
  const base = baseUrl();
  const run = Date.now().toString(36);
  const browser = await launch();
  t.after(() => browser.close());

  const host = await openContext(browser, { name: 'host', viewport: DESKTOP });
  const alice = await openContext(browser, { name: 'alice', viewport: PHONE });
  const bob = await openContext(browser, { name: 'bob', viewport: PHONE });
  const everyone = [host, alice, bob];
  const texts = {
    hello: `Hello from Alice ${run}`,
    reply: `Hi Alice, Bob here ${run}`,
    hostSays: `Welcome everyone ${run}`,
    question: `Will the slides be shared? ${run}`,
    answer: `Yes, right after the talk ${run}`,
  };
  let stream, link;

  await t.test('the host signs in and creates a stream', async () => {
    const { page } = host;
    ({ link, stream } = await createStream(page, {
      host: `Hostess ${run}`,
      hostPicture: picture('H', '#e0464f'),
      title: `Product launch ${run}`,
      orgName: 'Acme <b>Labs</b>',
    }));
    assert.match(stream, /^\d+$/);
    assert.equal(new URL(link).origin, new URL(base).origin);
    assert.equal(await page.locator('#subtitle').textContent().then((s) => s.startsWith('Acme <b>Labs</b>')), true);
  });

  await t.test('viewers open the shared link and sign in as guests', async () => {
    await alice.page.goto(link);
    await signIn(alice.page, `Alice ${run}`, picture('A', '#2563eb'));
    // a display name with markup in it must show as typed
    await bob.page.goto(link);
    await signIn(bob.page, `<i>Bob</i> ${run}`, '');
    await Promise.all([livePill(alice.page), livePill(bob.page)]);
    assert.equal(await alice.page.locator('#title').textContent(), `Product launch ${run}`);
  });

  await t.test('messages reach everyone in the room, in order', async () => {
    await say(alice.page, texts.hello);
    await say(bob.page, texts.reply);
    await say(host.page, texts.hostSays);
    for (const who of everyone) {
      await itemShown(who.page, texts.hello);
      await itemShown(who.page, texts.reply);
      await itemShown(who.page, texts.hostSays);
      assert.deepEqual(await chatTexts(who.page), [texts.hello, texts.reply, texts.hostSays], who.name);
    }
    const bobsName = alice.page.locator('#items li.item', { hasText: texts.reply }).locator('.name');
    assert.equal(await bobsName.textContent(), `<i>Bob</i> ${run}`);
    const hostBadge = bob.page.locator('#items li.item', { hasText: texts.hostSays }).locator('.badge.host');
    assert.equal(await hostBadge.count(), 1, 'the host\'s message carries the host badge');
  });

  await t.test('a viewer asks, the host sees it and answers, every viewer sees the answer', async () => {
    await ask(bob.page, texts.question);
    await itemShown(alice.page, texts.question, 'question');
    const card = host.page.locator('#questions li', { hasText: texts.question });
    await card.waitFor({ timeout: WAIT_MS });
    await card.locator('textarea').fill(texts.answer);
    await card.locator('button[type=submit]').click();
    for (const who of [alice, bob]) {
      const answer = await itemShown(who.page, texts.answer, 'answer');
      assert.equal(await answer.locator('.quoted').textContent(), texts.question);
      assert.equal(await answer.locator('.name').textContent(), 'Acme <b>Labs</b>');
      assert.equal(await answer.locator('.asker').textContent(), `<i>Bob</i> ${run}`);
      await who.page.locator('#items li.question.answered', { hasText: texts.question }).waitFor({ timeout: WAIT_MS });
    }
    // answered questions leave the host's list of open ones for the answered ones
    await host.page.locator('#questions li', { hasText: texts.question }).waitFor({ state: 'detached', timeout: WAIT_MS });
    await host.page.locator('#question-tabs button[data-state=answered]').click();
    await host.page.locator('#questions li.answered', { hasText: texts.answer }).waitFor({ timeout: WAIT_MS });
    await host.page.locator('#question-tabs button[data-state=open]').click();
  });

  await t.test('a viewer cannot answer: the console says so and shows no answer form', async () => {
    const stranger = await openContext(browser, { name: 'stranger', viewport: PHONE });
    t.after(() => stranger.context.close());
    await stranger.page.goto(new URL(`host.html?stream=${stream}`, base).href);
    await signIn(stranger.page, `Stranger ${run}`, '');
    await stranger.page.locator('#not-host').waitFor({ timeout: WAIT_MS });
    await ask(bob.page, `Another question ${run}`);
    const card = stranger.page.locator('#questions li', { hasText: `Another question ${run}` });
    await card.waitFor({ timeout: WAIT_MS });
    assert.equal(await card.locator('form').count(), 0);
    assert.equal(await card.locator('button').count(), 0, 'no approve, dismiss or highlight either');
    assert.equal(await stranger.page.locator('#room-controls').isHidden(), true, 'no moderation controls');
    assert.equal(await stranger.page.locator('#items .item-tools').count(), 0, 'no delete, mute or ban on items');
  });

  await t.test('markup typed by a user stays text and never runs', async () => {
    await say(alice.page, XSS);
    await ask(alice.page, `${XSS} as a question`);
    for (const who of everyone) {
      const message = await itemShown(who.page, XSS);
      assert.equal(await message.locator('.text').textContent(), XSS);
      await itemShown(who.page, `${XSS} as a question`, 'question');
      assert.equal(await who.page.locator('#items img[src="x"], #questions img[src="x"]').count(), 0, who.name);
    }
    for (const who of everyone) assert.deepEqual(who.trouble.dialogs, [], `${who.name} saw no dialog`);
  });

  await t.test('a viewer who loses the connection catches up and sends what was typed meanwhile', async () => {
    const { page, context } = alice;
    const missed = [`Missed one ${run}`, `Missed two ${run}`, `Missed three ${run}`];
    const typedOffline = `Typed while offline ${run}`;

    await context.setOffline(true);
    await page.evaluate(() => window.__sockets.forEach((s) => s.close()));
    await until(async () => (await page.locator('#state').getAttribute('data-state')) !== 'live', 'alice to notice');
    // offline means offline: a reconnect attempt is made, and fails
    await until(() => page.evaluate(() => window.__sockets.length >= 2
      && window.__sockets.at(-1).readyState === WebSocket.CLOSED), 'a reconnect attempt to fail while offline');

    await say(page, typedOffline);
    const queued = page.locator('#outbox li.pending', { hasText: typedOffline });
    await queued.waitFor({ timeout: WAIT_MS });

    for (const text of missed) await say(bob.page, text);
    await ask(bob.page, `Asked while Alice was away ${run}`);
    for (const text of missed) await itemShown(bob.page, text);
    const card = host.page.locator('#questions li', { hasText: `Asked while Alice was away ${run}` });
    await card.locator('textarea').fill(`Answered while Alice was away ${run}`);
    await card.locator('button[type=submit]').click();
    await itemShown(bob.page, `Answered while Alice was away ${run}`, 'answer');
    assert.equal(await page.locator('#items li', { hasText: missed[0] }).count(), 0, 'alice is really cut off');
    assert.notEqual(await page.locator('#state').getAttribute('data-state'), 'live');

    const framesBefore = alice.frames.length;
    await context.setOffline(false);
    await livePill(page);
    // the page resumed: its join named the last seq it held, and the server replayed what came after
    const since = alice.frames.slice(framesBefore).filter((f) => f.dir === 'sent' && f.frame?.type === 3)
      .map((f) => JSON.parse(f.frame.payLoad));
    assert.equal(since.length, 1);
    assert.ok(since[0].since > 0 && since[0].epoch, JSON.stringify(since[0]));
    const joined = alice.frames.slice(framesBefore).find((f) => f.dir === 'received' && f.frame?.code === 201);
    assert.ok(joined.frame.data.replayed >= missed.length + 2, JSON.stringify(joined.frame.data));
    for (const text of missed) await itemShown(page, text);
    await itemShown(page, `Answered while Alice was away ${run}`, 'answer');
    await queued.waitFor({ state: 'detached', timeout: WAIT_MS });
    for (const who of everyone) await itemShown(who.page, typedOffline);

    // nothing missing, nothing twice: every page shows exactly the room's history, in its order
    const history = await roomHistory(stream);
    for (const who of everyone) {
      assert.deepEqual(await shownSeqs(who.page), history.map((i) => i.seq), `${who.name} shows the whole history`);
      assert.equal(await who.page.locator('#items li.item', { hasText: typedOffline }).count(), 1);
    }
  });

  await t.test('a newcomer sees the history, and the page fits a phone screen', async () => {
    const carol = await openContext(browser, { name: 'carol', viewport: PHONE });
    t.after(() => carol.context.close());
    await carol.page.goto(link);
    await signIn(carol.page, `Carol ${run}`, picture('C', '#9333ea'));
    await livePill(carol.page);
    await itemShown(carol.page, texts.hello);
    await itemShown(carol.page, texts.answer, 'answer');
    const history = await roomHistory(stream);
    assert.deepEqual(await shownSeqs(carol.page), history.map((i) => i.seq));
    const overflow = await carol.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling on a phone (overflow ${overflow}px)`);
    assert.deepEqual(carol.trouble.errors, []);
  });

  await t.test('no page had a script error', async () => {
    for (const who of everyone) assert.deepEqual(who.trouble.errors, [], `${who.name} had no script errors`);
  });
});

function chatTexts(page) {
  return page.locator('#items li.item.message .text').allTextContents();
}
