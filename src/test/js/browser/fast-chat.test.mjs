// A room that talks faster than its chat budget, in the browser: the host sets the budget in the console; a viewer
// is shown a sample with a discreet "fast chat" hint, every message of the host's, reads no history to fill what
// was left out on purpose, and sees everything once it asks. The reference mini-program in such a room reads no
// history for what it was not sent either, and its resume point moves past it.
//
//   cd src/test/js && npm ci && BASE_URL=http://127.0.0.1:8282/ node --test browser/fast-chat.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import standIn from '../wx-standin.cjs';
import {
  baseUrl, createStream, guest, itemShown, launch, livePill, openContext, picture, rest, say, shownSeqs, signIn,
  until, WAIT_MS,
} from './support.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };
const BUDGET = 2;
const SENDERS = 4;
const EACH = 12; // four a second from each sender: 16 a second in all, eight times the budget

test('a fast room shows each viewer a sample, says so, and shows everything on request', { timeout: 180_000 }, async (t) => {
  const base = baseUrl();
  const run = Date.now().toString(36);
  const browser = await launch();
  const sockets = [];
  t.after(async () => {
    sockets.forEach((socket) => socket.close());
    await browser.close();
  });
  const host = await openContext(browser, { name: 'host', viewport: DESKTOP });
  const viewer = await openContext(browser, { name: 'viewer', viewport: PHONE });
  let stream, link;

  await t.test('the host console shows the chat budget and sets it', async () => {
    const { page } = host;
    ({ link, stream } = await createStream(page, {
      host: `Fay ${run}`,
      hostPicture: picture('F', '#e0464f'),
      title: `Busy launch ${run}`,
      orgName: 'Northwind',
      orgLogo: picture('N', '#0f766e'),
    }));
    await until(async () => (await page.locator('#chat-budget').inputValue()) === '0', 'the budget in force: none');
    await page.locator('#chat-budget').fill(String(BUDGET));
    await page.locator('#chat-budget-form button[type=submit]').click();
    const me = await guest(`checker ${run}`);
    await until(async () => (await rest('GET', `api/streams/${stream}/settings`, undefined, me.token)).data.chatBudget === BUDGET,
      'the budget to be set');
    await page.reload();
    await livePill(page);
    await until(async () => (await page.locator('#chat-budget').inputValue()) === String(BUDGET), 'the budget shown again');
  });

  await t.test('a viewer sees a sample, every host message and the hint, and reads no history for the skipped', async () => {
    const { page } = viewer;
    await page.goto(link);
    await signIn(page, `Vic ${run}`, picture('V', '#2563eb'));
    await livePill(page);
    assert.equal(await page.locator('#fast-chat').isHidden(), true, 'no hint in a quiet room');
    const filled = [];
    page.on('request', (request) => {
      if (/chatmsg\?.*after=/.test(request.url())) filled.push(request.url());
    });
    const { data: { roomNumber } } = await rest('GET', `api/streams/${stream}`, undefined, (await guest(`reader ${run}`)).token);
    const senders = await Promise.all(Array.from({ length: SENDERS }, (_, i) => sender(base, `Sender${i} ${run}`, roomNumber)));
    sockets.push(...senders);
    const began = Date.now();
    for (let round = 1; round <= EACH; round++) {
      senders.forEach((socket, i) => socket.chat(`S${i} says ${round} ${run}`));
      if (round % 6 === 0) await say(host.page, `Host speaks ${round / 6} ${run}`);
      await new Promise((resolve) => setTimeout(resolve, began + round * 250 - Date.now()));
    }
    await Promise.all(senders.map((socket) => socket.acked(EACH)));
    const took = Date.now() - began;
    for (let h = 1; h <= EACH / 6; h++) await itemShown(page, `Host speaks ${h} ${run}`);
    await page.locator('#fast-chat', { hasText: 'Fast chat: showing some messages' }).waitFor({ timeout: WAIT_MS });
    const shown = await page.locator('#items li.item.message', { hasText: / says \d+ / }).count();
    assert.ok(shown < SENDERS * EACH / 2, `a sample of the ${SENDERS * EACH} viewer messages: ${shown}`);
    const received = viewer.frames.filter((f) => f.dir === 'received' && f.frame?.code === 200).length;
    const notices = viewer.frames.filter((f) => f.dir === 'received' && f.frame?.code === 230).map((f) => JSON.stringify(f.frame.data));
    assert.ok(shown <= Math.ceil(BUDGET * 1.1 * (took / 1000 + 1)) + 1, `about ${BUDGET} a second over ${took} ms: ${shown}`
      + ` (${received} items on the socket, history reads ${filled.length}, notices ${notices})`);
    assert.deepEqual(filled, [], 'no history read to fill what the server left out on purpose');
    const seqs = await shownSeqs(page);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in seq order');
  });

  await t.test('"Show everything" reads the rest from history, each in its place', async () => {
    const { page } = viewer;
    await page.locator('#fast-chat button', { hasText: 'Show everything' }).click();
    for (let i = 0; i < SENDERS; i++) {
      for (let round = 1; round <= EACH; round++) await itemShown(page, `S${i} says ${round} ${run}`);
    }
    const seqs = await shownSeqs(page);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in seq order');
    assert.equal(new Set(seqs).size, seqs.length, 'each once');
    for (const who of [host, viewer]) {
      assert.deepEqual(who.trouble.errors, [], `${who.name} page errors`);
      assert.deepEqual(who.trouble.dialogs, [], `${who.name} dialogs`);
    }
  });
});

test('the reference mini-program in a fast room reads no history for what it was not sent', { timeout: 120_000 }, async (t) => {
  const base = baseUrl();
  const run = Date.now().toString(36);
  const sockets = [];
  const apps = [];
  t.after(() => {
    sockets.forEach((socket) => socket.close());
    return Promise.all(apps.map((a) => a.close()));
  });
  const host = await guest(`Host ${run}`);
  const { data: stream } = await rest('POST', 'api/streams',
    { title: `Mini fast ${run}`, orgName: 'Acme', orgLogo: 'https://example.com/logo.png' }, host.token);
  await rest('PUT', `api/streams/${stream.id}/settings`, { chatBudget: BUDGET }, host.token);
  const who = await guest(`Mini ${run}`);
  const app = new standIn.MiniProgram({ name: 'mini', baseUrl: base, token: who.token, user: who.user, timeScale: 0.05 });
  apps.push(app);
  app.openRoom({ id: String(stream.id), roomNum: stream.roomNumber });
  await app.until(() => app.page.data.state === 'live', 'the room to be live');
  await app.until(() => app.requests.some((r) => r.done && /chatmsg/.test(r.url)), 'the first page of history');
  const before = app.requests.length;

  const senders = await Promise.all(Array.from({ length: SENDERS }, (_, i) => sender(base, `MSender${i} ${run}`, stream.roomNumber)));
  sockets.push(...senders);
  const began = Date.now();
  for (let round = 1; round <= EACH; round++) {
    senders.forEach((socket, i) => socket.chat(`M${i} says ${round} ${run}`));
    await new Promise((resolve) => setTimeout(resolve, began + round * 250 - Date.now()));
  }
  await Promise.all(senders.map((socket) => socket.acked(EACH)));
  const { data: last } = await rest('GET', `api/message/chatmsg?stream=${stream.id}&page=1&resultsPerPage=1&type=`, undefined, who.token);
  const lastSeq = last.items.at(-1).seq;
  // the last notice comes within a second when nothing follows it
  await app.until(() => app.page.contiguousTo >= lastSeq, 'the resume point past every seq, sent or not');
  const shown = app.page.data.items.filter((i) => / says \d+ /.test(i.content));
  assert.ok(shown.length > 0 && shown.length < SENDERS * EACH / 2, `a sample of the ${SENDERS * EACH}: ${shown.length}`);
  const reads = app.requests.slice(before).filter((r) => /chatmsg/.test(r.url));
  assert.deepEqual(reads.map((r) => r.url), [], 'no history read for what the server left out on purpose');
});

/** A viewer's socket of its own (the ws package, as the mini-program's would be): joins the room and chats. */
async function sender(base, name, roomNumber) {
  const { token } = await guest(name);
  const url = new URL('ws', base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  const socket = new WebSocket(url);
  const frames = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 3, payLoad: JSON.stringify({ topic: String(roomNumber) }) }));
  await until(() => frames.some((f) => f.code === 201), `${name} to join`);
  let sent = 0;
  return {
    chat(content) {
      sent += 1;
      const chatInfo = JSON.stringify({ content, type: 'message', clientMsgId: `${name}-${sent}`.replace(/\s/g, '-') });
      socket.send(JSON.stringify({ type: 2, payLoad: JSON.stringify({ topic: String(roomNumber), chatInfo }) }));
    },
    acked(count) {
      return until(() => frames.filter((f) => f.code === 202).length >= count, `${name}'s ${count} acks`);
    },
    close() {
      socket.close();
    },
  };
}
