// Runs the seed WeChat mini-program chat page (chat-page.js, unchanged) against a live server:
// two viewers chat, one asks a question, the host answers, a late joiner loads history, rooms stay isolated.
//
//   cd src/test/js && npm ci && BASE_URL=http://127.0.0.1:8080/ npm run test:seed
//
// WX_VERBOSE=1 prints what the pages log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import wxRuntime from '../wx-standin.cjs';
import { api, guest, requiredBaseUrl, seedPageOpener } from './server.mjs';

const { openPage, SEED_FILE } = wxRuntime;

// The seed is a client already in people's hands: it must stay byte-identical to the article's js block.
const SEED_SHA256 = '424c8ca56ae8c2e2164d005c9d5fec36948f914cb6ab04fd6b57920fdd04b79d';
const WAIT_MS = 10_000;
const ITEM_TYPES = ['message', 'question', 'answer'];

test('seed/chat-page.js is still the verbatim copy of the article', () => {
  const sha256 = createHash('sha256').update(readFileSync(SEED_FILE)).digest('hex');
  assert.equal(sha256, SEED_SHA256, 'seed/chat-page.js was edited; it must stay byte-identical to the article');
});

test('the seed chat page works against the server', { timeout: 120_000 }, async (t) => {
  const baseUrl = requiredBaseUrl();
  const run = Date.now().toString(36);
  const pages = [];
  const open = (name, who, stream) => {
    const page = openPage({
      name,
      baseUrl,
      token: who.token,
      // What the page puts in chatInfo; the server must show the token's identity instead.
      user: { id: `forged-${name}`, displayName: `Forged ${name}`, avatarUrl: 'https://example.invalid/forged.png' },
      query: { id: stream.id, roomNum: stream.roomNumber },
    });
    pages.push(page);
    return page;
  };
  t.after(() => Promise.all(pages.map((page) => page.close())));

  let broken = false;
  // Steps depend on each other: after a failure the rest are skipped instead of failing in confusing ways.
  const step = (name, fn) => t.test(name, { skip: broken && 'an earlier step failed' }, async () => {
    try {
      await fn();
    } catch (error) {
      broken = true;
      throw error;
    }
  });

  let host, alice, bob, carol, dave, stream1, stream2, pageA, pageB, pageD, question;
  const texts = {
    bob: `Bob says hi ${run}`,
    alice: `Alice here, 你好 ${run}`,
    dave: `Dave on the other stream ${run}`,
    question: `When does it start? ${run}`,
    answer: `In five minutes ${run}`,
  };

  await step('guests log in and the host creates two streams', async () => {
    [host, alice, bob, carol, dave] = await Promise.all(
      ['Host', 'Alice', 'Bob', 'Carol', 'Dave'].map((name) => guest(baseUrl, `${name} ${run}`)));
    stream1 = await createStream(baseUrl, host, { title: `Stream one ${run}`, orgName: `Org ${run}`, orgLogo: 'https://example.com/org-logo.png' });
    stream2 = await createStream(baseUrl, host, { title: `Stream two ${run}`, orgName: `Other org ${run}`, orgLogo: 'https://example.com/other-logo.png' });
    assert.notEqual(String(stream1.roomNumber), String(stream2.roomNumber));
  });

  await step('viewers open the page and join their rooms', async () => {
    pageA = open('A', alice, stream1);
    pageB = open('B', bob, stream1);
    pageD = open('D', dave, stream2);
    // The page replaces tellData when its history answer arrives, so live items must come after it. The join
    // frame has been written once its send success fires; later frames on the same socket are handled after it.
    await Promise.all([pageA, pageB, pageD].flatMap((page) => [page.historyLoaded(WAIT_MS), page.joinSent(WAIT_MS)]));
    for (const page of [pageA, pageB, pageD]) assert.deepEqual(page.items(), [], `${page.name} starts on a fresh stream`);

    // There is no join acknowledgement: a viewer's own echo proves the server has it in the room.
    pageB.type(texts.bob);
    pageD.type(texts.dave);
    await Promise.all([
      pageB.waitFor(hasItem('message', texts.bob), WAIT_MS, "B's echo"),
      pageD.waitFor(hasItem('message', texts.dave), WAIT_MS, "D's echo"),
    ]);
  });

  await step("A's message reaches A and B with A's identity from the token", async () => {
    pageA.type(texts.alice);
    await Promise.all([pageA, pageB].map((page) =>
      page.waitFor(hasItem('message', texts.alice), WAIT_MS, "A's message")));
    for (const page of [pageA, pageB]) {
      const item = findItem(page, 'message', texts.alice);
      assertIdentity(item, alice);
      assert.equal(String(item.stream), String(stream1.id));
      assertRecent(item.createdat);
    }
    assertIdentity(findItem(pageB, 'message', texts.bob), bob);
  });

  await step('B asks a question through the page and A and B see it', async () => {
    pageB.ask(texts.question);
    await Promise.all([pageA, pageB].map((page) =>
      page.waitFor(hasItem('question', texts.question), WAIT_MS, "B's question")));
    const added = await pageB.finishedRequest('api/question/add', WAIT_MS);
    assert.equal(added.response?.statusCode, 200, `question/add answered ${JSON.stringify(added.response)}`);
    assert.equal(added.response.data.code, 200);
    for (const page of [pageA, pageB]) {
      const item = findItem(page, 'question', texts.question);
      assertIdentity(item, bob);
      assert.equal(String(item.content.id), String(added.response.data.data.id), 'content.id is the question id');
      assertRecent(item.createdat);
    }
    question = findItem(pageA, 'question', texts.question).content;
  });

  await step('a viewer may not answer', async () => {
    const res = await api(baseUrl, 'POST', `api/question/${question.id}/answer`, alice.token, { answer: 'not the host' });
    assert.equal(res.status, 403);
    assert.equal(res.body?.code, 403);
    assert.equal(typeof res.body.msg, 'string');
  });

  await step("the host's answer reaches A and B as the org replying to B", async () => {
    const res = await api(baseUrl, 'POST', `api/question/${question.id}/answer`, host.token, { answer: texts.answer });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.code, 200);
    await Promise.all([pageA, pageB].map((page) =>
      page.waitFor(hasItem('answer', texts.answer), WAIT_MS, "the host's answer")));
    for (const page of [pageA, pageB]) {
      const item = findItem(page, 'answer', texts.answer);
      assert.equal(item.displayName, bob.user.displayName, 'an answer is shown as a reply to the asker');
      assert.equal(String(item.content.questionId), String(question.id));
      assert.equal(item.content.question, texts.question);
      assert.equal(item.content.orgName, stream1.orgName);
      assert.equal(item.content.orgLogo, stream1.orgLogo);
      assertRecent(item.createdat);
    }
    // The refused answer pushed nothing, and B, in the room from the start, saw exactly this.
    assert.deepEqual(summary(pageB.items()), [
      ['message', texts.bob], ['message', texts.alice], ['question', texts.question], ['answer', texts.answer],
    ]);
  });

  await step('a late joiner loads the history of its own stream, oldest first', async () => {
    const pageC = open('C', carol, stream1);
    await pageC.historyLoaded(WAIT_MS);
    assert.deepEqual(pageC.runtime.errors, []);
    const items = pageC.items();
    assert.deepEqual(summary(items), [
      ['message', texts.bob], ['message', texts.alice], ['question', texts.question], ['answer', texts.answer],
    ]);
    for (const item of items) assert.equal(String(item.stream), String(stream1.id));
    assertIdentity(items[1], alice);
    assert.equal(String(items[2].content.id), String(question.id));
    assert.equal(items[3].displayName, bob.user.displayName);
    // The page numbers the items itself (its scroll anchors), overwriting the server's ids.
    assert.deepEqual(items.map((item) => item.id), [1, 2, 3, 4]);
    assert.equal(pageC.page.data.idx, 4, 'the page scrolls to the newest item');
  });

  await step('the other stream saw nothing of stream one', () => {
    assert.deepEqual(summary(pageD.items()), [['message', texts.dave]]);
    assertIdentity(pageD.items()[0], dave);
  });

  await step('every code 200 frame was a chat item, and no page code threw', () => {
    for (const page of pages) {
      assert.deepEqual(page.runtime.errors.map((e) => `${e.label}: ${e.error.stack}`), [], `${page.name} page errors`);
      for (const raw of page.frames) {
        const frame = JSON.parse(raw);
        assert.equal(typeof frame.code, 'number', `${page.name} got a frame without a code: ${raw}`);
        if (frame.code === 200) assertChatItem(frame.data, raw);
      }
    }
  });

  await step('closed pages leave no timers or sockets behind', async () => {
    await Promise.all(pages.map((page) => page.close()));
    for (const page of pages) {
      assert.equal(page.runtime.timers.size, 0, `${page.name} has timers left`);
      for (const socket of page.runtime.sockets) {
        assert.equal(socket.socket.readyState, socket.socket.CLOSED, `${page.name} has a socket left open`);
      }
    }
  });
});

test("moderation: a muted viewer's page sends and nothing of it shows, while the others chat on", { timeout: 60_000 }, async (t) => {
  const baseUrl = requiredBaseUrl();
  const run = `${Date.now().toString(36)}m`;
  const pages = [];
  t.after(() => Promise.all(pages.map((page) => page.close())));
  const [host, mute, eve] = await Promise.all(['Host', 'Muted', 'Eve'].map((name) => guest(baseUrl, `${name} ${run}`)));
  const stream = await createStream(baseUrl, host, { title: `Moderated ${run}`, orgName: `Org ${run}`, orgLogo: 'https://example.com/org-logo.png' });
  const open = seedPageOpener(baseUrl, stream, pages);
  const pageM = open('M', mute);
  const pageE = open('E', eve);
  await Promise.all([pageM, pageE].flatMap((page) => [page.historyLoaded(WAIT_MS), page.joinSent(WAIT_MS)]));
  // There is no join acknowledgement: a viewer's own echo proves the server has it in the room.
  await Promise.all([pageM, pageE].map((page) => {
    const hello = `${page.name} is here ${run}`;
    page.type(hello);
    return page.waitFor(hasItem('message', hello), WAIT_MS, `${page.name}'s echo`);
  }));
  const before = `Before the mute ${run}`;
  pageM.type(before);
  await Promise.all([pageM, pageE].map((page) => page.waitFor(hasItem('message', before), WAIT_MS, 'the message before the mute')));

  const muted = await api(baseUrl, 'PUT', `api/streams/${stream.id}/mutes/${mute.user.id}`, host.token, { seconds: 300, reason: 'test' });
  assert.equal(muted.status, 200, JSON.stringify(muted.body));
  const frameWith = (page, code) => page.runtime.until(() => page.frames.some((raw) => JSON.parse(raw).code === code),
    `a frame with code ${code} on ${page.name}`, WAIT_MS);
  await frameWith(pageM, 211);

  const silenced = `Muted but typing ${run}`;
  pageM.type(silenced);
  await frameWith(pageM, 403);
  const refusal = pageM.frames.map((raw) => JSON.parse(raw)).find((frame) => frame.code === 403);
  assert.match(refusal.msg, /muted .*until/);
  pageM.ask(`A muted question ${run}`);
  const asked = await pageM.finishedRequest('api/question/add', WAIT_MS);
  assert.equal(asked.response?.statusCode, 403, JSON.stringify(asked.response));

  const others = [`Eve chats on ${run}`, `Eve still chatting ${run}`];
  for (const text of others) {
    pageE.type(text);
    await Promise.all([pageM, pageE].map((page) => page.waitFor(hasItem('message', text), WAIT_MS, "Eve's message")));
  }
  for (const page of [pageM, pageE]) {
    const shown = summary(page.items());
    assert.deepEqual(shown.slice(shown.findIndex(([, text]) => text === before)),
      [['message', before], ['message', others[0]], ['message', others[1]]],
      `${page.name} shows nothing of the muted viewer's attempts`);
    assert.deepEqual(page.runtime.errors.map((e) => `${e.label}: ${e.error.stack}`), [], `${page.name} page errors`);
    for (const raw of page.frames) {
      const frame = JSON.parse(raw);
      if (frame.code === 200) assertChatItem(frame.data, raw);
    }
  }
  const history = await api(baseUrl, 'GET', `api/message/chatmsg?stream=${stream.id}&page=1&resultsPerPage=50&type=`, eve.token);
  assert.deepEqual(history.body.data.items.map((item) => item.content).slice(2), [before, ...others]);
});

async function createStream(baseUrl, host, fields) {
  const res = await api(baseUrl, 'POST', 'api/streams', host.token, fields);
  assert.equal(res.status, 200, `create stream: ${JSON.stringify(res.body)}`);
  assert.equal(res.body.code, 200);
  const stream = res.body.data;
  assert.ok(stream.id !== undefined && stream.roomNumber !== undefined, `stream has id and roomNumber: ${JSON.stringify(stream)}`);
  assert.equal(stream.title, fields.title);
  assert.equal(stream.orgName, fields.orgName);
  assert.equal(stream.orgLogo, fields.orgLogo);
  return stream;
}

/** The text a user reads for an item: the message, the question, or the answer. */
function shownText(item) {
  if (item.type === 'question') return item.content?.content;
  if (item.type === 'answer') return item.content?.answer;
  return item.content;
}

function summary(items) {
  return items.map((item) => [item.type, shownText(item)]);
}

function hasItem(type, text) {
  return (data) => data.tellData.some((item) => item.type === type && shownText(item) === text);
}

function findItem(page, type, text) {
  const item = page.items().find((i) => i.type === type && shownText(i) === text);
  assert.ok(item, `${page.name} shows ${type} ${JSON.stringify(text)}`);
  return item;
}

function assertIdentity(item, who) {
  assert.equal(String(item.user), String(who.user.id), 'user comes from the token');
  assert.equal(item.displayName, who.user.displayName, 'displayName comes from the token');
  assert.equal(item.avatarurl, who.user.avatarUrl, 'avatarurl comes from the token');
}

function assertRecent(createdat) {
  assert.equal(typeof createdat, 'string');
  const at = new Date(createdat).getTime();
  assert.ok(Number.isFinite(at), `createdat ${createdat} parses`);
  assert.ok(Math.abs(Date.now() - at) < 60_000, `createdat ${createdat} is within a minute of now`);
}

/** A frame's data as the page reads it: JSON text of {id, type, user, displayName, avatarurl, stream, content, createdat}. */
function assertChatItem(data, raw) {
  assert.equal(typeof data, 'string', `code 200 frame data is JSON text: ${raw}`);
  const item = JSON.parse(data);
  for (const key of ['id', 'type', 'user', 'displayName', 'avatarurl', 'stream', 'content', 'createdat']) {
    assert.ok(key in item, `chat item has ${key}: ${raw}`);
  }
  assert.ok(ITEM_TYPES.includes(item.type), `chat item type: ${raw}`);
  assert.equal(typeof item.content, 'string', `chat item content is text: ${raw}`);
  if (item.type !== 'message') JSON.parse(item.content);
  assert.ok(Number.isFinite(new Date(item.createdat).getTime()), `createdat parses: ${raw}`);
}
