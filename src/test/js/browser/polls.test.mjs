// Polls in the browser, with a host and two viewers in three browser contexts: the host drafts and opens a poll in
// the console's Polls section; the viewers see it below the highlighted question, vote, change their vote, and
// watch the bars follow everyone's votes; the host sees the counts live and who voted for what, and closes the
// poll; the viewers are left with the final results. A poll with several choices, drafted first and opened from the
// list. Nothing of it travels with code 200.
// Screenshots (polls-viewer-phone.png, polls-viewer-desktop.png, polls-host-desktop.png, polls-host-phone.png,
// polls-viewer-closed.png) go to SCREENSHOT_DIR.
//
//   cd src/test/js && npm ci && cd browser && BASE_URL=http://127.0.0.1:8282/ node --test polls.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ask, baseUrl, createStream, itemShown, launch, livePill, openContext, picture, rest, screenshotDir, signIn, until,
  WAIT_MS,
} from './support.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };
const XSS = '<img src=x onerror=alert(1)>';

test('polls in the web room and the host console', { timeout: 240_000 }, async (t) => {
  const base = baseUrl();
  const run = Date.now().toString(36);
  const browser = await launch();
  t.after(() => browser.close());

  const host = await openContext(browser, { name: 'host', viewport: DESKTOP });
  const alice = await openContext(browser, { name: 'alice', viewport: PHONE });
  const bob = await openContext(browser, { name: 'bob', viewport: DESKTOP });
  const viewers = [alice, bob];
  const everyone = [host, alice, bob];
  // the bars grow with a transition; without motion, a screenshot shows them where they end
  await Promise.all(everyone.map((who) => who.page.emulateMedia({ reducedMotion: 'reduce' })));
  const question = `Which city should host the next meetup? ${run}`;
  const options = ['Shanghai', 'Shenzhen', `Hangzhou ${XSS}`];
  let link;

  /** The viewer's poll card's counts, option by option, as its bars say them ("3 · 60%"). */
  const cardCounts = (who) => who.page.locator('#poll .poll-count').allTextContents()
    .then((texts) => texts.map((text) => Number(text.split('·')[0].trim())));
  const hostCounts = (pollText) => host.page.locator('#polls li.poll-card', { hasText: pollText }).locator('.poll-count')
    .allTextContents().then((texts) => texts.map((text) => Number(text.split('·')[0].trim())));
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  await t.test('the host opens a stream and the viewers join it', async () => {
    ({ link } = await createStream(host.page, {
      host: `Host ${run}`,
      hostPicture: picture('H', '#e0464f'),
      title: `Polls ${run}`,
    }));
    await alice.page.goto(link);
    await signIn(alice.page, `Alice ${run}`, picture('A', '#2563eb'));
    await bob.page.goto(link);
    await signIn(bob.page, `Bob ${run}`, '');
    await Promise.all(everyone.map((who) => livePill(who.page)));
    for (const who of viewers) assert.equal(await who.page.locator('#poll').isHidden(), true, `${who.name}: no poll yet`);
  });

  await t.test('the host drafts and opens a poll from the Polls section; the viewers see it at once', async () => {
    await host.page.locator('#section-tabs [data-section=polls-section]').click();
    await host.page.locator('#polls-section').waitFor({ timeout: WAIT_MS });
    const form = host.page.locator('#poll-form');
    await form.locator('[name=question]').fill(question);
    await form.locator('[name=options]').fill(options.join('\n'));
    await form.locator('button[value=open]').click();
    await host.page.locator('#polls li.poll-card[data-status=open]', { hasText: run }).waitFor({ timeout: WAIT_MS });
    for (const who of viewers) {
      const card = who.page.locator('#poll[data-status=open]');
      await card.waitFor({ timeout: WAIT_MS });
      assert.equal(await card.locator('.poll-question').textContent(), question);
      assert.deepEqual(await card.locator('.poll-label').allTextContents(), options, 'labels shown as text, never as markup');
      assert.deepEqual(await cardCounts(who), [0, 0, 0]);
    }
  });

  await t.test('the poll sits below the highlighted question, and both stay in view', async () => {
    await ask(alice.page, `Is there parking? ${run}`);
    await itemShown(host.page, `Is there parking? ${run}`, 'question');
    await host.page.locator('#section-tabs [data-section=questions-section]').click();
    await host.page.locator('#questions li', { hasText: 'Is there parking?' }).locator('button', { hasText: 'Highlight' }).click();
    await host.page.locator('#questions li.highlighted', { hasText: 'Is there parking?' }).waitFor({ timeout: WAIT_MS });
    await host.page.locator('#section-tabs [data-section=polls-section]').click();
    for (const who of viewers) {
      await who.page.locator('#highlight:not([hidden])').waitFor({ timeout: WAIT_MS });
      await until(async () => {
        const highlight = await who.page.locator('#highlight').boundingBox();
        const poll = await who.page.locator('#poll').boundingBox();
        return highlight && poll && poll.y >= highlight.y + highlight.height - 1;
      }, `${who.name}: the poll below the highlight`);
    }
  });

  await t.test('viewers vote and change their vote; every page follows the counts live', async () => {
    const option = (who, index) => who.page.locator(`#poll button.poll-option[data-index="${index}"]`);
    await option(alice, 1).click();
    await until(async () => (await option(alice, 1).getAttribute('aria-pressed')) === 'true', 'alice\'s vote to count');
    await option(bob, 1).click();
    await until(async () => (await option(bob, 1).getAttribute('aria-pressed')) === 'true', 'bob\'s vote to count');
    await option(bob, 0).click();
    await until(async () => (await option(bob, 0).getAttribute('aria-pressed')) === 'true'
      && (await option(bob, 1).getAttribute('aria-pressed')) === 'false', 'bob\'s vote to move');
    for (const who of viewers) await until(async () => same(await cardCounts(who), [1, 1, 0]), `${who.name} to see 1, 1, 0`);
    await until(async () => same(await hostCounts(question), [1, 1, 0]), 'the host to see 1, 1, 0');
    assert.match(await alice.page.locator('#poll .poll-summary').textContent(), /^2 voters/);
    await alice.page.locator('#poll .poll-take-back').waitFor({ timeout: WAIT_MS });
  });

  await t.test('the host sees who voted for what', async () => {
    const card = host.page.locator('#polls li.poll-card', { hasText: run });
    await card.locator('button', { hasText: 'Who voted' }).click();
    await until(async () => /Shanghai: Bob/.test(await card.locator('.poll-voters').textContent()), 'the voters of each option');
    assert.match(await card.locator('.poll-voters').textContent(), /Shenzhen: Alice/);
  });

  await t.test('screenshots of the open poll, at phone and desktop size', async () => {
    const dir = screenshotDir();
    await alice.page.screenshot({ path: path.join(dir, 'polls-viewer-phone.png') });
    await bob.page.screenshot({ path: path.join(dir, 'polls-viewer-desktop.png') });
    await host.page.screenshot({ path: path.join(dir, 'polls-host-desktop.png') });
    await host.page.setViewportSize(PHONE);
    await host.page.locator('#polls-section').scrollIntoViewIfNeeded();
    await host.page.screenshot({ path: path.join(dir, 'polls-host-phone.png') });
    await host.page.setViewportSize(DESKTOP);
  });

  await t.test('the host closes the poll; the viewers keep its final results and can no longer vote', async () => {
    const card = host.page.locator('#polls li.poll-card', { hasText: run });
    const close = card.locator('button.poll-close');
    await close.click();
    assert.match(await close.textContent(), /Sure/, 'it asks once more');
    await close.click();
    await host.page.locator('#polls li.poll-card[data-status=closed]', { hasText: run }).waitFor({ timeout: WAIT_MS });
    for (const who of viewers) {
      await who.page.locator('#poll[data-status=closed]').waitFor({ timeout: WAIT_MS });
      assert.equal(await who.page.locator('#poll .label').textContent(), 'Final results');
      assert.deepEqual(await cardCounts(who), [1, 1, 0]);
      assert.equal(await who.page.locator('#poll button.poll-option').count(), 0, `${who.name}: no more voting`);
    }
    await alice.page.screenshot({ path: path.join(screenshotDir(), 'polls-viewer-closed.png') });
    await alice.page.locator('#poll .poll-dismiss').click();
    await alice.page.locator('#poll').waitFor({ state: 'hidden', timeout: WAIT_MS });
  });

  await t.test('a poll with several choices: drafted, opened from the list, voted and taken back', async () => {
    const form = host.page.locator('#poll-form');
    const several = `Which sessions will you attend? ${run}`;
    await form.locator('[name=question]').fill(several);
    await form.locator('[name=options]').fill('Keynote\nWorkshop\nPanel');
    await form.locator('[name=multiple]').check();
    await form.locator('[name=anonymous]').check();
    await form.locator('button[value=draft]').click();
    const card = host.page.locator('#polls li.poll-card', { hasText: several });
    await card.locator('.poll-status', { hasText: 'draft' }).waitFor({ timeout: WAIT_MS });
    assert.equal(await alice.page.locator('#poll').isHidden(), true, 'a draft is not shown to viewers');
    await card.locator('button', { hasText: 'Open' }).click();
    await alice.page.locator('#poll[data-status=open]').waitFor({ timeout: WAIT_MS });
    assert.match(await alice.page.locator('#poll .poll-summary').textContent(), /several choices · anonymous/);
    assert.equal(await card.locator('button', { hasText: 'Who voted' }).count(), 0, 'anonymous results name nobody');
    const option = (index) => alice.page.locator(`#poll button.poll-option[data-index="${index}"]`);
    await option(0).click();
    await until(async () => (await option(0).getAttribute('aria-pressed')) === 'true', 'the first choice');
    await option(2).click();
    await until(async () => same(await cardCounts(alice), [1, 0, 1]), 'two choices counted');
    await until(async () => same(await hostCounts(several), [1, 0, 1]), 'the host to see them');
    await alice.page.locator('#poll .poll-take-back').click();
    await until(async () => same(await cardCounts(alice), [0, 0, 0]), 'the vote taken back');
    await until(async () => same(await cardCounts(bob), [0, 0, 0]), 'bob to see it taken back');
  });

  await t.test('nothing of the polls travels with code 200, and no page met an error', async () => {
    for (const who of everyone) {
      const items = who.frames.filter(({ dir, frame }) => dir === 'received' && frame?.code === 200);
      for (const { frame } of items) {
        assert.ok(['message', 'question', 'answer'].includes(JSON.parse(frame.data).type), `${who.name}: ${frame.data}`);
        assert.doesNotMatch(frame.data, /Shanghai|Keynote/, `${who.name}: a poll in a chat item`);
      }
      const codes = new Set(who.frames.filter(({ dir }) => dir === 'received').map(({ frame }) => frame?.code));
      assert.ok(codes.has(240) && codes.has(241), `${who.name} got poll events: ${[...codes]}`);
      assert.deepEqual(who.trouble, { dialogs: [], errors: [] }, who.name);
    }
    const { data: me } = await rest('POST', 'api/auth/guest', { displayName: 'checker', avatarUrl: '' });
    const stream = new URL(link).searchParams.get('stream');
    const { data: history } = await rest('GET', `api/message/chatmsg?stream=${stream}&page=1&resultsPerPage=100&type=`, undefined, me.token);
    assert.deepEqual(history.items.map((i) => i.type), ['question'], 'polls post nothing to the chat');
  });
});
