// The seed WeChat mini-program chat page (chat-page.js, unchanged) in a room that talks faster than its chat budget:
// the page sees a sample of the viewers' messages and every one of the host's, every code 200 frame it gets is a
// chat item, the notices of what it was not sent (230) do it no harm, and a sender's page shows all of its own.
//
//   cd src/test/js && npm ci && BASE_URL=http://127.0.0.1:8080/ node --test seed/seed-fast-room.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, guest, requiredBaseUrl, seedPageOpener } from './server.mjs';

const WAIT_MS = 20_000;
const BUDGET = 2;
const SENDERS = 4;
const EACH = 12;          // messages per sender, four a second each: 16 a second in all, eight times the budget
const HOST_MESSAGES = 3;

test('the seed page in a room over its chat budget sees fewer viewer messages and nothing else changes', { timeout: 120_000 }, async (t) => {
  const baseUrl = requiredBaseUrl();
  const run = `${Date.now().toString(36)}f`;
  const pages = [];
  t.after(() => Promise.all(pages.map((page) => page.close())));
  const [host, watcher, ...senders] = await Promise.all(
    ['Host', 'Watcher', ...Array.from({ length: SENDERS }, (_, i) => `Sender${i}`)].map((name) => guest(baseUrl, `${name} ${run}`)));
  const created = await api(baseUrl, 'POST', 'api/streams', host.token,
    { title: `Fast ${run}`, orgName: `Org ${run}`, orgLogo: 'https://example.com/org-logo.png' });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const stream = created.body.data;
  const budget = await api(baseUrl, 'PUT', `api/streams/${stream.id}/settings`, host.token, { chatBudget: BUDGET });
  assert.equal(budget.status, 200, JSON.stringify(budget.body));
  assert.equal(budget.body.data.chatBudget, BUDGET);

  const open = seedPageOpener(baseUrl, stream, pages);
  const pageW = open('W', watcher);
  const pageH = open('H', host);
  const senderPages = senders.map((who, i) => open(`S${i}`, who));
  const all = [pageW, pageH, ...senderPages];
  await Promise.all(all.flatMap((page) => [page.historyLoaded(WAIT_MS), page.joinSent(WAIT_MS)]));
  // There is no join acknowledgement: each page's own echo proves the server has it in the room.
  for (const page of all) {
    const hello = `${page.name} is here ${run}`;
    page.type(hello);
    await page.waitFor(hasMessage(hello), WAIT_MS, `${page.name}'s echo`);
  }

  const began = Date.now();
  const hostTexts = [];
  for (let round = 1; round <= EACH; round++) {
    senderPages.forEach((page, i) => page.type(`S${i} says ${round} ${run}`));
    if (round % 4 === 0) {
      const text = `Host speaks ${round / 4} ${run}`;
      hostTexts.push(text);
      pageH.type(text);
    }
    await new Promise((resolve) => setTimeout(resolve, began + round * 250 - Date.now()));
  }
  assert.equal(hostTexts.length, HOST_MESSAGES);
  await Promise.all(senderPages.map((page, i) => page.waitFor(
    (data) => Array.from({ length: EACH }, (_, r) => `S${i} says ${r + 1} ${run}`)
      .every((text) => data.tellData.some((item) => item.content === text)),
    WAIT_MS, `all of ${page.name}'s own messages`)));
  const took = Date.now() - began;
  await Promise.all(hostTexts.map((text) => pageW.waitFor(hasMessage(text), WAIT_MS, `the host's "${text}"`)));

  const shown = pageW.items().filter((item) => /^S\d says /.test(item.content));
  const sent = SENDERS * EACH;
  // the hellos came before the budget had anything to shed: count only the fast part, with a second's slack
  assert.ok(shown.length < sent / 2, `a sample of the ${sent} viewer messages, not all: ${shown.length}`);
  assert.ok(shown.length <= Math.ceil(BUDGET * 1.1 * (took / 1000 + 1)) + 1,
    `within the budget of ${BUDGET} a second over ${took} ms: ${shown.length}`);
  assert.ok(pageW.frames.some((raw) => JSON.parse(raw).code === 230), 'the server told the socket what it skipped');

  for (const page of all) {
    assert.deepEqual(page.runtime.errors.map((e) => `${e.label}: ${e.error.stack}`), [], `${page.name} page errors`);
    for (const raw of page.frames) {
      const frame = JSON.parse(raw);
      assert.equal(typeof frame.code, 'number', `${page.name} got a frame without a code: ${raw}`);
      if (frame.code === 200) assertChatItem(frame.data, raw);
    }
  }
  const history = await api(baseUrl, 'GET', `api/message/chatmsg?stream=${stream.id}&page=1&resultsPerPage=100&type=`, watcher.token);
  assert.equal(history.body.data.total, all.length + sent + HOST_MESSAGES, 'history holds every message');
});

function hasMessage(text) {
  return (data) => data.tellData.some((item) => item.type === 'message' && item.content === text);
}

/** A frame's data as the page reads it: JSON text of {id, type, user, displayName, avatarurl, stream, content, createdat}. */
function assertChatItem(data, raw) {
  assert.equal(typeof data, 'string', `code 200 frame data is JSON text: ${raw}`);
  const item = JSON.parse(data);
  for (const key of ['id', 'type', 'user', 'displayName', 'avatarurl', 'stream', 'content', 'createdat']) {
    assert.ok(key in item, `chat item has ${key}: ${raw}`);
  }
  assert.ok(['message', 'question', 'answer'].includes(item.type), `chat item type: ${raw}`);
}
