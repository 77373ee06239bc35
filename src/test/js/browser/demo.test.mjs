// A demo room as a real one looks, for the README's pictures: a host, a few viewers chatting, questions with
// votes, one answered and highlighted, one held for review. It checks what it shows, and writes viewer.png
// (a phone) and host.png (a laptop) to SCREENSHOT_DIR; src/test/js/browser/screenshots/ holds the README's copies.
//
//   cd src/test/js && npm ci && cd browser && BASE_URL=http://127.0.0.1:8282/ node --test demo.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ask, baseUrl, createStream, itemShown, launch, livePill, openContext, picture, say, screenshotDir, signIn, until,
  WAIT_MS,
} from './support.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };

test('a demo room for the README', { timeout: 180_000 }, async (t) => {
  const base = baseUrl();
  const browser = await launch();
  t.after(() => browser.close());

  const host = await openContext(browser, { name: 'host', viewport: DESKTOP });
  const { link } = await createStream(host.page, {
    host: 'Mei Lin',
    hostPicture: picture('M', '#e0464f'),
    title: 'Spring launch: the new Aria headphones',
    orgName: 'Northwind Audio',
    orgLogo: picture('N', '#0f766e'),
  });
  await host.page.locator('#allow-anonymous').check();

  const people = [['Lucas', '#2563eb'], ['Priya', '#9333ea'], ['Tom', '#ea580c']];
  const viewers = [];
  for (const [name, color] of people) {
    const who = await openContext(browser, { name, viewport: PHONE });
    await who.page.goto(link);
    await signIn(who.page, name, picture(name[0], color));
    await livePill(who.page);
    viewers.push(who);
  }
  const [lucas, priya, tom] = viewers;

  await say(host.page, 'Welcome, everyone! We start in a minute. Ask away while we set up.');
  await say(lucas.page, 'Hello from Shanghai!');
  await say(priya.page, 'Joining from Bangalore, the stream looks great');
  const battery = 'How long does the battery last with noise cancelling on?';
  const price = 'Is there a student discount at launch?';
  await ask(tom.page, battery);
  await ask(priya.page, price);
  for (const text of [battery, price]) await itemShown(lucas.page, text, 'question');
  const vote = (who, text) => who.page.locator('#items li.question', { hasText: text }).locator('button.vote').click();
  await vote(lucas, battery);
  await vote(priya, battery);
  await vote(tom, price);

  const card = host.page.locator('#questions li', { hasText: battery });
  await card.locator('button.highlight').click();
  await card.locator('textarea').fill('About 30 hours, and 5 more after a 10-minute charge.');
  await card.locator('button[type=submit]').click();
  await itemShown(lucas.page, 'About 30 hours', 'answer');
  await say(tom.page, 'That is better than my current pair');
  await say(lucas.page, 'Do they fold flat for travel?');
  await host.page.locator('#hold-for-review').check();
  await lucas.page.locator('#anonymous-choice').waitFor({ timeout: WAIT_MS });
  await lucas.page.locator('#anonymous').check();
  await ask(lucas.page, 'Will the app work without an account?');
  const pending = host.page.locator('#question-tabs button[data-state=pending] .count');
  await until(async () => (await pending.textContent()) === '1', 'the held question on the console');
  await itemShown(host.page, 'Do they fold flat for travel?');
  await lucas.page.locator('#highlight .answer-text').waitFor({ timeout: WAIT_MS });

  for (const who of [host, ...viewers]) {
    await who.page.evaluate(() => document.getElementById('notices')?.replaceChildren());
    assert.deepEqual(who.trouble.errors, [], `${who.name} had no script errors`);
  }
  const dir = screenshotDir();
  await lucas.page.screenshot({ path: path.join(dir, 'viewer.png') });
  await host.page.screenshot({ path: path.join(dir, 'host.png') });
});
