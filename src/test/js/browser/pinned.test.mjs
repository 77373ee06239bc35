// The pinned announcement in the browser and in the reference mini-program: the host pins a new text from the
// console (with a duration), pins a viewer's message from the chat, and takes the pin down from the banner; viewers
// at phone and desktop size see the banner at the top, a viewer who joins later sees it at once, a long text is
// cut to three lines with "more"; the mini-program shows the same banner and forgets it when it is taken down.
// Screenshots (pinned-*.png) go to SCREENSHOT_DIR.
//
//   cd src/test/js && npm ci && cd browser && BASE_URL=http://127.0.0.1:8282/ node --test pinned.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import standIn from '../wx-standin.cjs';
import {
  baseUrl, createStream, guest, itemShown, launch, livePill, openContext, picture, rest, say, screenshotDir, signIn,
  until, WAIT_MS,
} from './support.mjs';

const { MiniProgram, openPage } = standIn;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };
const XSS = '<img src=x onerror=alert(1)>';

test('the pinned announcement on every page', { timeout: 240_000 }, async (t) => {
  const base = baseUrl();
  const run = Date.now().toString(36);
  const dir = screenshotDir();
  const browser = await launch();
  t.after(() => browser.close());

  const host = await openContext(browser, { name: 'host', viewport: DESKTOP });
  const alice = await openContext(browser, { name: 'alice', viewport: PHONE });
  const bob = await openContext(browser, { name: 'bob', viewport: DESKTOP });
  const viewers = [alice, bob];
  const everyone = [host, alice, bob];
  const banner = (who) => who.page.locator('#pinned');
  const bannerText = (who) => who.page.locator('#pinned .text');
  const shows = (who, text) => until(async () => (await bannerText(who).textContent()) === text
    && await banner(who).isVisible(), `${who.name} to show the pin "${text}"`);
  const hidden = (who) => until(() => banner(who).isHidden(), `${who.name}'s banner to go`);
  const announcement = `Giveaway at nine: stay tuned! ${run}`;
  let link;
  let stream;

  await t.test('a host and two viewers are in the room', async () => {
    ({ link, stream } = await createStream(host.page, {
      host: `Host ${run}`,
      hostPicture: picture('H', '#e0464f'),
      title: `Pinned ${run}`,
    }));
    await alice.page.goto(link);
    await signIn(alice.page, `Alice ${run}`, picture('A', '#2563eb'));
    await bob.page.goto(link);
    await signIn(bob.page, `Bob ${run}`, '');
    await Promise.all(everyone.map((who) => livePill(who.page)));
    for (const who of everyone) assert.equal(await banner(who).isHidden(), true, `${who.name}: nothing pinned yet`);
    assert.equal(await alice.page.locator('#pin-form').count(), 0, 'viewers have no pin form');
    await host.page.locator('#pin-form').waitFor({ timeout: WAIT_MS });
  });

  await t.test('the host pins a new text for five minutes: everyone sees it at the top, with its end', async () => {
    await host.page.locator('#pin-text').fill(announcement);
    await host.page.locator('#pin-for').selectOption('300');
    await host.page.locator('#pin-form button[type=submit]').click();
    for (const who of everyone) await shows(who, announcement);
    // the banner comes by socket and may show before the PUT's answer, which empties the form
    await until(async () => (await host.page.locator('#pin-text').inputValue()) === '', 'the form to be emptied once pinned');
    for (const who of viewers) {
      assert.match(await who.page.locator('#pinned .ends').textContent(), /^until \d/, who.name);
      assert.equal(await who.page.locator('#pinned .name').textContent(), `Host ${run}`);
      assert.equal(await who.page.locator('#pinned .unpin').count(), 0, `${who.name} cannot unpin`);
    }
    // above the chat: the banner's top is above the list's
    const pinTop = (await banner(alice).boundingBox()).y;
    const listTop = (await alice.page.locator('#main').boundingBox()).y;
    assert.ok(pinTop < listTop, `the banner (${pinTop}) sits above the chat (${listTop})`);
    await say(alice.page, `Hello from Alice ${run}`);
    await say(bob.page, `Bob says hi ${run}`);
    for (const who of everyone) await itemShown(who.page, `Bob says hi ${run}`);
    await alice.page.screenshot({ path: path.join(dir, 'pinned-viewer-phone.png') });
    await bob.page.screenshot({ path: path.join(dir, 'pinned-viewer-desktop.png') });
    await host.page.screenshot({ path: path.join(dir, 'pinned-host-desktop.png') });
  });

  await t.test('a viewer who comes later sees the pin as soon as the room opens', async () => {
    const carol = await openContext(browser, { name: 'carol', viewport: PHONE });
    t.after(() => carol.context.close());
    await carol.page.goto(link);
    await signIn(carol.page, `Carol ${run}`, '');
    await livePill(carol.page);
    await shows(carol, announcement);
    const received = carol.frames.filter((f) => f.dir === 'received').map((f) => f.frame);
    const joined = received.findIndex((f) => f?.code === 201);
    assert.equal(received[joined + 1]?.code, 260, 'the pin comes right after the 201');
  });

  await t.test('the host pins a viewer\'s message from the chat: it replaces the text, under her name', async () => {
    const item = await itemShown(host.page, `Hello from Alice ${run}`);
    await host.page.locator('#pin-for').selectOption(''); // the form's duration applies to an item pinned from the chat
    await item.locator('button', { hasText: 'Pin' }).click();
    for (const who of everyone) await shows(who, `Hello from Alice ${run}`);
    for (const who of everyone) {
      assert.equal(await who.page.locator('#pinned .name').textContent(), `Alice ${run}`, who.name);
      assert.equal(await who.page.locator('#pinned .ends').textContent(), '', `${who.name}: until unpinned`);
    }
  });

  await t.test('a long text is cut to three lines, with "more"; markup shows as text', async () => {
    const long = `${XSS} ${'Doors open at eight, the show starts at nine, and the giveaway follows the last song. '.repeat(4)}${run}`;
    await host.page.locator('#pin-text').fill(long);
    await host.page.locator('#pin-for').selectOption('');
    await host.page.locator('#pin-form button[type=submit]').click();
    for (const who of everyone) await shows(who, long);
    const lines = async () => {
      const box = await bannerText(alice).boundingBox();
      const lineHeight = await bannerText(alice).evaluate((n) => parseFloat(getComputedStyle(n).lineHeight));
      return Math.round(box.height / lineHeight);
    };
    assert.equal(await lines(), 3, 'three lines at phone size');
    const more = alice.page.locator('#pinned .more');
    await until(() => more.isVisible(), '"more" to show');
    await alice.page.screenshot({ path: path.join(dir, 'pinned-viewer-phone-long.png') });
    await more.click();
    assert.ok(await lines() > 3, 'the whole text once opened');
    assert.equal(await more.textContent(), 'less');
    await alice.page.screenshot({ path: path.join(dir, 'pinned-viewer-phone-open.png') });
    await host.page.setViewportSize(PHONE);
    await host.page.screenshot({ path: path.join(dir, 'pinned-host-phone.png') });
    await host.page.setViewportSize(DESKTOP);
  });

  await t.test('the host takes the pin down from the banner: it goes everywhere', async () => {
    await host.page.locator('#pinned .unpin').click();
    for (const who of everyone) await hidden(who);
    const { data } = await rest('GET', `api/streams/${stream}/pin`, undefined, (await guest(`reader ${run}`)).token);
    assert.equal(data.pin, null);
  });

  await t.test('no pin ever travels as a chat item (code 200), and nothing went wrong on any page', async () => {
    for (const who of everyone) {
      const items = who.frames.filter((f) => f.dir === 'received' && f.frame?.code === 200)
        .map((f) => JSON.parse(f.frame.data));
      assert.ok(items.every((i) => !i.content.includes('Giveaway at nine')), `${who.name}: ${JSON.stringify(items)}`);
      assert.deepEqual(who.trouble.dialogs, [], `${who.name}: dialogs`);
      assert.deepEqual(who.trouble.errors, [], `${who.name}: errors`);
    }
  });

  await t.test('the seed mini-program page, which shows every 200 frame as chat, shows no pin', async () => {
    const owner = await guest(`Seed owner ${run}`);
    const { data: room } = await rest('POST', 'api/streams', { title: `Seed pin ${run}`, orgName: 'Acme' }, owner.token);
    const pinPath = `api/streams/${room.id}/pin`;
    await rest('PUT', pinPath, { text: `Pinned before ${run}` }, owner.token);
    const viewer = await guest(`Sam ${run}`);
    const page = openPage({ name: 'seed', baseUrl: base, token: viewer.token, user: viewer.user,
      query: { id: String(room.id), roomNum: room.roomNumber } });
    t.after(() => page.close());
    const frames = () => page.runtime.received.map((f) => JSON.parse(f));
    await until(() => frames().some((f) => f.code === 260), 'the pin after the seed page\'s join');
    await rest('PUT', pinPath, { text: `Pinned again ${run}`, seconds: 60 }, owner.token);
    await rest('DELETE', pinPath, undefined, owner.token);
    await until(() => frames().filter((f) => f.code === 260).length === 3, 'the pin, its replacement and its end');
    page.type(`fence ${run}`);
    const data = await page.waitFor((d) => d.tellData.some((i) => i.content === `fence ${run}`), WAIT_MS, 'the fence');
    assert.deepEqual(data.tellData.map((i) => i.content), [`fence ${run}`], 'only the chat message is shown');
  });

  await t.test('the reference mini-program shows the banner, follows changes and forgets a pin taken down', async () => {
    const owner = await guest(`Owner ${run}`);
    const { data: room } = await rest('POST', 'api/streams', { title: `Mini pin ${run}`, orgName: 'Acme' }, owner.token);
    const pinPath = `api/streams/${room.id}/pin`;
    await rest('PUT', pinPath, { text: `Before you came ${run}`, seconds: 600 }, owner.token);
    const viewer = await guest(`Mia ${run}`);
    const app = new MiniProgram({ name: 'mia', baseUrl: base, token: viewer.token, user: viewer.user, timeScale: 0.05 });
    t.after(() => app.close());
    app.openRoom({ id: String(room.id), roomNum: room.roomNumber });
    await app.until(() => app.page.data.pin?.text === `Before you came ${run}`, 'the pin at once on joining');
    assert.equal(app.page.data.pin.author, `Owner ${run}`);
    assert.match(app.page.data.pin.until, /^至 \d\d:\d\d$/);
    await rest('PUT', pinPath, { text: `Changed ${run}` }, owner.token);
    await app.until(() => app.page.data.pin?.text === `Changed ${run}`, 'the replaced pin');
    assert.equal(app.page.data.pin.until, '');
    await rest('DELETE', pinPath, undefined, owner.token);
    await app.until(() => app.page.data.pin === null, 'the pin taken down');
    assert.equal(app.page.data.items.length, 0, 'the pin is never a chat item');
  });
});
