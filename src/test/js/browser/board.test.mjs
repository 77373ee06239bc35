// The question board and the room's moderation, with two viewers and a host in three browser contexts: viewers
// upvote and take votes back, the host sees the votes, reviews a held anonymous question, highlights and answers
// it; the host deletes a chat item, closes the room, sets slow mode, mutes and bans a viewer; the online count
// shows and follows.
// Screenshots of both pages (board-viewer.png, board-host.png) go to SCREENSHOT_DIR.
//
//   cd src/test/js && npm ci && cd browser && BASE_URL=http://127.0.0.1:8282/ node --test board.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ask, baseUrl, createStream, itemShown, launch, livePill, openContext, picture, roomHistory, say, screenshotDir,
  shownSeqs, signIn, until, WAIT_MS,
} from './support.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };
const XSS = '<img src=x onerror=alert(1)>';

test('the question board and moderation in the browser', { timeout: 240_000 }, async (t) => {
  const base = baseUrl();
  const run = Date.now().toString(36);
  const browser = await launch();
  t.after(() => browser.close());

  const host = await openContext(browser, { name: 'host', viewport: DESKTOP });
  const alice = await openContext(browser, { name: 'alice', viewport: PHONE });
  const bob = await openContext(browser, { name: 'bob', viewport: PHONE });
  const viewers = [alice, bob];
  const everyone = [host, alice, bob];
  const q = {
    first: `What is the price? ${run}`,
    popular: `Which markets come first? ${run}`,
    held: `${XSS} Is there a discount for schools? ${run}`,
  };
  let stream, link;

  await t.test('a host and two viewers are in the room, and every page shows three online', async () => {
    ({ link, stream } = await createStream(host.page, {
      host: `Host ${run}`,
      hostPicture: picture('H', '#e0464f'),
      title: `Board ${run}`,
    }));
    await alice.page.goto(link);
    await signIn(alice.page, `Alice ${run}`, picture('A', '#2563eb'));
    await bob.page.goto(link);
    await signIn(bob.page, `Bob ${run}`, '');
    await Promise.all(everyone.map((who) => livePill(who.page)));
    for (const who of everyone) {
      await who.page.locator('#online[data-online="3"]').waitFor({ timeout: WAIT_MS });
      assert.equal(await who.page.locator('#online').textContent(), '3 online', who.name);
    }
    // the host's own controls are there, and the anonymous choice is not (the room does not allow it yet)
    await host.page.locator('#room-controls').waitFor({ timeout: WAIT_MS });
    assert.equal(await alice.page.locator('#anonymous-choice').isHidden(), true);
  });

  await t.test('viewers upvote and take votes back; counts update live; the host sees them, most votes first', async () => {
    await ask(alice.page, q.first);
    await ask(bob.page, q.popular);
    for (const who of everyone) {
      await itemShown(who.page, q.first, 'question');
      await itemShown(who.page, q.popular, 'question');
    }
    const voteOn = (who, text) => who.page.locator('#items li.question', { hasText: text }).locator('button.vote');
    await voteOn(alice, q.popular).click();
    await until(async () => (await voteOn(alice, q.popular).getAttribute('aria-pressed')) === 'true', 'alice\'s vote to count');
    await voteOn(bob, q.popular).click();
    await voteOn(alice, q.first).click();
    await until(async () => (await voteOn(alice, q.first).textContent()) === '▲ 1', 'alice\'s vote for the first');
    await voteOn(alice, q.first).click(); // taken back
    await until(async () => (await voteOn(alice, q.first).getAttribute('aria-pressed')) === 'false', 'the vote taken back');
    for (const who of viewers) {
      await until(async () => (await voteOn(who, q.popular).textContent()) === '▲ 2', `${who.name} to see 2 votes`);
      await until(async () => (await voteOn(who, q.first).textContent()) === '▲ 0', `${who.name} to see 0 votes`);
    }
    assert.equal(await voteOn(bob, q.popular).getAttribute('aria-pressed'), 'true');
    // the host's open questions, most votes first
    await until(async () => (await host.page.locator('#questions li', { hasText: q.popular }).locator('.votes').textContent()) === '▲ 2',
      'the host to see 2 votes');
    await until(async () => (await host.page.locator('#questions li .text').allTextContents()).join('|') === [q.popular, q.first].join('|'),
      'the most voted question first');
    assert.equal(await host.page.locator('#question-tabs button[data-state=open] .count').textContent(), '2');
  });

  await t.test('a held anonymous question: the host approves it, highlights it, answers it; viewers see each step', async () => {
    await host.page.locator('#hold-for-review').check();
    await host.page.locator('#allow-anonymous').check();
    for (const who of viewers) await who.page.locator('#anonymous-choice').waitFor({ timeout: WAIT_MS });
    await bob.page.locator('#anonymous').check();
    await ask(bob.page, q.held);
    await bob.page.locator('.notice', { hasText: 'waits for the host' }).waitFor({ timeout: WAIT_MS });

    const pendingTab = host.page.locator('#question-tabs button[data-state=pending]');
    await until(async () => (await pendingTab.locator('.count').textContent()) === '1', 'the held question on the console');
    await pendingTab.click();
    const card = host.page.locator('#questions li', { hasText: q.held });
    await card.waitFor({ timeout: WAIT_MS });
    assert.equal(await card.locator('.text').textContent(), q.held);
    assert.equal(await card.locator('.name').textContent(), `Bob ${run}`, 'the host knows who asked');
    assert.equal(await card.locator('.badge.anonymous').count(), 1);
    // held: not in the room
    assert.equal(await alice.page.locator('#items li', { hasText: q.held }).count(), 0);

    await card.locator('button.approve').click();
    for (const who of viewers) {
      const item = await itemShown(who.page, q.held, 'question');
      assert.equal(await item.locator('.name').textContent(), 'Anonymous', `${who.name} sees no name`);
    }
    await host.page.locator('#question-tabs button[data-state=open]').click();
    const open = host.page.locator('#questions li', { hasText: q.held });
    await open.locator('button.highlight').click();
    for (const who of viewers) {
      const shown = who.page.locator('#highlight');
      await shown.locator('.text', { hasText: q.held }).waitFor({ timeout: WAIT_MS });
      assert.equal(await shown.locator('.text').textContent(), q.held, 'markup stays text');
      assert.equal(await shown.locator('.name').textContent(), 'Anonymous');
    }
    await host.page.locator('#questions li.highlighted', { hasText: q.held }).waitFor({ timeout: WAIT_MS });

    const answer = `Yes, half price ${run}`;
    await open.locator('textarea').fill(answer);
    await open.locator('button[type=submit]').click();
    for (const who of viewers) {
      await itemShown(who.page, answer, 'answer');
      await who.page.locator('#highlight .answer-text', { hasText: answer }).waitFor({ timeout: WAIT_MS });
      const question = who.page.locator('#items li.question.answered', { hasText: q.held });
      await question.waitFor({ timeout: WAIT_MS });
      assert.equal(await question.locator('button.vote').isDisabled(), true, 'no votes on an answered question');
    }
    await host.page.locator('#question-tabs button[data-state=answered]').click();
    await host.page.locator('#questions li.answered', { hasText: answer }).waitFor({ timeout: WAIT_MS });

    // a dismissed question shows as such, and takes no more votes
    await host.page.locator('#question-tabs button[data-state=open]').click();
    await host.page.locator('#questions li', { hasText: q.first }).locator('button.dismiss').click();
    for (const who of viewers) {
      const item = who.page.locator('#items li.question.dismissed', { hasText: q.first });
      await item.waitFor({ timeout: WAIT_MS });
      assert.equal(await item.locator('button.vote').isDisabled(), true);
    }
    // a newcomer learns of the dismissal from the listing, not from the event
    const carol = await openContext(browser, { name: 'carol', viewport: PHONE });
    try {
      await carol.page.goto(link);
      await signIn(carol.page, `Carol ${run}`, '');
      const item = carol.page.locator('#items li.question.dismissed', { hasText: q.first });
      await item.waitFor({ timeout: WAIT_MS });
      assert.equal(await item.locator('button.vote').isDisabled(), true);
      const popular = carol.page.locator('#items li.question', { hasText: q.popular }).locator('button.vote');
      await until(async () => (await popular.textContent()) === '▲ 2', 'carol to see the votes so far');
      assert.equal(await popular.isDisabled(), false);
      await carol.page.locator('#highlight .answer-text').waitFor({ timeout: WAIT_MS });
      assert.deepEqual(carol.trouble.errors, []);
    } finally {
      await carol.context.close();
    }
    for (const who of everyone) {
      assert.equal(await who.page.locator('img[src="x"]').count(), 0, who.name);
      assert.deepEqual(who.trouble.dialogs, [], `${who.name} saw no dialog`);
    }
  });

  await t.test('the host deletes a chat item and it disappears from every page', async () => {
    const unwanted = `Buy cheap watches ${run}`;
    const after = `Back to the talk ${run}`;
    await say(bob.page, unwanted);
    for (const who of everyone) await itemShown(who.page, unwanted);
    // deleting asks once more
    const remove = host.page.locator('#items li.item', { hasText: unwanted }).locator('button[aria-label="delete this item"]');
    await remove.click();
    assert.equal(await remove.textContent(), 'Delete? Click again');
    assert.equal(await alice.page.locator('#items li.item', { hasText: unwanted }).count(), 1, 'not deleted on one click');
    await remove.click();
    for (const who of everyone) {
      await who.page.locator('#items li.item', { hasText: unwanted }).waitFor({ state: 'detached', timeout: WAIT_MS });
    }
    // the hole the deleted item leaves is not a gap: the pages go on, and show exactly the room's history
    await say(alice.page, after);
    for (const who of everyone) await itemShown(who.page, after);
    const history = await roomHistory(stream);
    for (const who of everyone) assert.deepEqual(await shownSeqs(who.page), history.map((i) => i.seq), who.name);
  });

  await t.test('the host closes the room, viewers are refused, the host reopens it; slow mode shows', async () => {
    await host.page.locator('#close-room').click();
    await host.page.locator('#close-room[data-closed=true]').waitFor({ timeout: WAIT_MS });
    // viewers are told where they type, and cannot type
    for (const who of viewers) {
      await who.page.locator('#composer-note', { hasText: 'The room is closed' }).waitFor({ timeout: WAIT_MS });
      assert.equal(await who.page.locator('#text').isDisabled(), true, who.name);
      assert.equal(await who.page.locator('#composer button[value=message]').isDisabled(), true, who.name);
      assert.equal(await who.page.locator('#composer-note').isVisible(), true, `${who.name}: the note is on screen`);
    }
    const refused = `Anyone there? ${run}`;
    // a send that raced the closing is still refused by the server, and said so
    await bob.page.evaluate(() => { document.getElementById('text').disabled = false; });
    await bob.page.locator('#text').fill(refused);
    await bob.page.locator('#composer button[value=message]').evaluate((button) => { button.disabled = false; button.click(); });
    await bob.page.locator('.notice', { hasText: `Not sent (“${refused}”)` }).waitFor({ timeout: WAIT_MS });
    await bob.page.locator('#outbox li').waitFor({ state: 'detached', timeout: WAIT_MS });
    await host.page.locator('#close-room').click();
    await host.page.locator('#close-room[data-closed=false]').waitFor({ timeout: WAIT_MS });
    for (const who of viewers) {
      await who.page.locator('#composer-note').waitFor({ state: 'hidden', timeout: WAIT_MS });
      assert.equal(await who.page.locator('#text').isDisabled(), false, who.name);
    }

    await host.page.locator('#slow-mode').fill('30');
    await host.page.locator('#slow-mode-form button').click();
    for (const who of viewers) await who.page.locator('#composer-note', { hasText: 'one message every 30 s' }).waitFor({ timeout: WAIT_MS });
    // after a message, Send waits out the slow mode with a countdown; Ask does not (questions are not slowed)
    await say(alice.page, `Slowly ${run}`);
    await alice.page.locator('#composer-note', { hasText: /next message in \d+ s/ }).waitFor({ timeout: WAIT_MS });
    assert.equal(await alice.page.locator('#composer button[value=message]').isDisabled(), true);
    assert.equal(await alice.page.locator('#composer button[value=question]').isDisabled(), false);
    await host.page.locator('#slow-mode').fill('0');
    await host.page.locator('#slow-mode-form button').click();
    for (const who of viewers) await who.page.locator('#composer-note').waitFor({ state: 'hidden', timeout: WAIT_MS });
    assert.equal(await alice.page.locator('#composer button[value=message]').isDisabled(), false);
    assert.equal(await alice.page.locator('#items li', { hasText: refused }).count(), 0, 'nothing got into the closed room');
  });

  await t.test('screenshots of the viewer and host pages', async () => {
    const dir = screenshotDir();
    await host.page.locator('#question-tabs button[data-state=open]').click();
    // the notices of the steps before would cover the pictures
    for (const who of [host, alice]) await who.page.evaluate(() => document.getElementById('notices')?.replaceChildren());
    await alice.page.screenshot({ path: path.join(dir, 'board-viewer.png') });
    await host.page.screenshot({ path: path.join(dir, 'board-host.png'), fullPage: true });
  });

  await t.test('the host mutes a viewer, whose next message is refused, and lifts the mute', async () => {
    const before = `Before the mute ${run}`;
    const muted = `Said while muted ${run}`;
    await say(alice.page, before);
    await itemShown(host.page, before);
    await host.page.locator('#mute-minutes').fill('5');
    await host.page.locator('#items li.item', { hasText: before }).locator('button', { hasText: 'Mute' }).click();
    const notice = alice.page.locator('.notice', { hasText: 'You are muted until' });
    await notice.first().waitFor({ timeout: WAIT_MS });
    // the time is the viewer's own clock time, never the server's ISO text
    assert.doesNotMatch(await notice.first().textContent(), /\d{4}-\d{2}-\d{2}T/);
    await alice.page.locator('#composer-note', { hasText: 'You are muted until' }).waitFor({ timeout: WAIT_MS });
    assert.equal(await alice.page.locator('#text').isDisabled(), true, 'a muted viewer cannot type');
    // a message that raced the mute is refused by the server, and the refusal reads as a sentence in local time
    await alice.page.evaluate(() => { document.getElementById('text').disabled = false; });
    await alice.page.locator('#text').fill(muted);
    await alice.page.locator('#composer button[value=message]').evaluate((b) => { b.disabled = false; b.click(); });
    const refusal = alice.page.locator('.notice', { hasText: `Not sent (“${muted}”): You are muted` });
    await refusal.waitFor({ timeout: WAIT_MS });
    assert.doesNotMatch(await refusal.textContent(), /\d{4}-\d{2}-\d{2}T/);
    await alice.page.locator('#outbox li').waitFor({ state: 'detached', timeout: WAIT_MS });
    // the others go on talking; the refused message reached no one
    const later = `Still here ${run}`;
    await say(bob.page, later);
    for (const who of everyone) await itemShown(who.page, later);
    for (const who of everyone) assert.equal(await who.page.locator('#items li', { hasText: muted }).count(), 0, who.name);
    // the host lifts the mute: the viewer is told, and speaks again
    const row = host.page.locator('#sanctions li[data-kind=mute]', { hasText: `Alice ${run}` });
    await row.waitFor({ timeout: WAIT_MS });
    await row.locator('button', { hasText: 'Unmute' }).click();
    await row.waitFor({ state: 'detached', timeout: WAIT_MS });
    await alice.page.locator('.notice', { hasText: 'You are no longer muted' }).waitFor({ timeout: WAIT_MS });
    await alice.page.locator('#composer-note').waitFor({ state: 'hidden', timeout: WAIT_MS });
    const unmuted = `Speaking again ${run}`;
    await say(alice.page, unmuted);
    for (const who of everyone) await itemShown(who.page, unmuted);
    // no mute or ban buttons on the host's own items: only deleting and pinning them
    const own = `From the host ${run}`;
    await say(host.page, own);
    const item = await itemShown(host.page, own);
    assert.equal(await item.locator('.item-tools button').allTextContents().then((t) => t.join(',')), 'Delete,Pin');
  });

  await t.test('the host bans a viewer: the viewer is out of the room, and the online count drops', async () => {
    const last = `Last words ${run}`;
    await say(bob.page, last);
    await itemShown(host.page, last);
    const ban = host.page.locator('#items li.item', { hasText: last }).locator('button', { hasText: 'Ban' });
    await ban.click();
    assert.equal(await ban.textContent(), 'Ban? Click again', 'banning asks once more');
    await ban.click();
    // the viewer is told why, where the composer was, and keeps what they could read
    await bob.page.locator('.notice', { hasText: 'You are banned from this room' }).waitFor({ timeout: WAIT_MS });
    await bob.page.locator('#composer-note', { hasText: 'You are banned from this room' }).waitFor({ timeout: WAIT_MS });
    assert.equal(await bob.page.locator('#text').isDisabled(), true);
    await bob.page.locator('#state[data-state=shut]').waitFor({ timeout: WAIT_MS });
    assert.equal(await bob.page.locator('#state').textContent(), 'Not in the room');
    await itemShown(bob.page, last);
    for (const who of [host, alice]) await who.page.locator('#online[data-online="2"]').waitFor({ timeout: WAIT_MS });
    // a banned viewer who comes back is refused at the door, told why, and still sees the room's chat
    await bob.page.reload();
    await bob.page.locator('#composer-note', { hasText: 'You are banned from this room' }).waitFor({ timeout: WAIT_MS });
    await bob.page.locator('#state[data-state=shut]').waitFor({ timeout: WAIT_MS });
    await itemShown(bob.page, last);
    await bob.page.screenshot({ path: path.join(screenshotDir(), 'viewer-banned.png') });
    await host.page.locator('#sanctions li[data-kind=ban]', { hasText: `Bob ${run}` }).waitFor({ timeout: WAIT_MS });
  });

  await t.test('pages fit a phone and had no script errors', async () => {
    await host.page.setViewportSize(PHONE);
    for (const who of everyone) {
      const overflow = await who.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${who.name}: no sideways scrolling on a phone (overflow ${overflow}px)`);
    }
    for (const who of everyone) assert.deepEqual(who.trouble.errors, [], `${who.name} had no script errors`);
  });
});
