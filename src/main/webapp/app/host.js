// The host console: host.html creates a stream; host.html?stream=<id> runs it: share link, questions, chat.
import { Api } from './api.js';
import { LiveRoom } from './live-room.js';
import { avatar, el, notify, readItem, timeOf } from './render.js';
import { signIn } from './signin.js';

const $ = (id) => document.getElementById(id);
const MINE_KEY = 'liveroom.hosted';
const QUESTIONS_PER_PAGE = 1000;
const api = new Api();

main().catch((error) => notify(error.message));

async function main() {
  if (!api.user) await signIn(api, $('signin'));
  const streamId = new URLSearchParams(location.search).get('stream');
  if (!streamId || !/^\d+$/.test(streamId)) {
    createStream();
    return;
  }
  let stream;
  try {
    stream = await api.stream(streamId);
  } catch (error) {
    notify(error.message);
    createStream();
    return;
  }
  runConsole(stream);
}

function createStream() {
  $('create').hidden = false;
  showMine();
  $('create-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const stream = await api.createStream({
        title: form.elements.title.value.trim(),
        orgName: form.elements.orgName.value.trim(),
        orgLogo: form.elements.orgLogo.value.trim(),
      });
      remember(stream);
      location.search = new URLSearchParams({ stream: stream.id }).toString();
    } catch (error) {
      notify(error.message);
      button.disabled = false;
    }
  });
}

function remember(stream) {
  const mine = readMine().filter((s) => s.id !== stream.id);
  mine.unshift({ id: stream.id, title: stream.title, userId: api.user.id });
  localStorage.setItem(MINE_KEY, JSON.stringify(mine.slice(0, 20)));
}

function readMine() {
  try {
    const mine = JSON.parse(localStorage.getItem(MINE_KEY));
    return Array.isArray(mine) ? mine : [];
  } catch {
    return [];
  }
}

function showMine() {
  const mine = readMine().filter((s) => String(s.userId) === String(api.user?.id));
  $('mine').hidden = mine.length === 0;
  $('mine-list').replaceChildren(...mine.map((s) => el('li', {},
    el('a', { text: s.title, attrs: { href: `host.html?stream=${encodeURIComponent(s.id)}` } }))));
}

function runConsole(stream) {
  showStream(stream);
  const isHost = String(stream.hostId) === String(api.user.id);
  $('not-host').hidden = isHost;
  const link = new URL(`./?stream=${encodeURIComponent(stream.id)}`, location.href).href;
  $('share-link').value = link;
  $('open-link').href = link;
  $('copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(link);
      notify('Link copied.', 'info');
    } catch {
      $('share-link').select();
    }
  });

  const room = new LiveRoom({
    api,
    stream,
    list: $('items'),
    scroller: $('chat-scroll'),
    state: $('state'),
    outbox: $('outbox'),
    earlier: $('earlier'),
  });
  const questions = new QuestionBoard({ api, stream, isHost });
  room.addEventListener('item', (e) => questions.item(e.detail));
  // later joins replay what was missed as items; history is read again only when the server cannot replay
  let readOnce = false;
  room.connection.addEventListener('joined', (e) => {
    if (readOnce && !e.detail.gone) return;
    readOnce = true;
    questions.reload();
  });
  room.addEventListener('unauthorized', () => {
    api.signOut();
    notify('Your session has ended: sign in again.');
    location.reload();
  });

  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('text');
    const text = input.value.trim();
    if (text) room.send(text);
    input.value = '';
  });
  $('state').hidden = false;
  $('console').hidden = false;
  room.start();
}

function showStream(stream) {
  document.title = `${stream.title} · Host console`;
  $('title').textContent = stream.title;
  $('subtitle').textContent = `${stream.orgName} · room ${stream.roomNumber}`;
  $('org').replaceChildren(avatar(stream.orgLogo, stream.orgName, 'logo'));
}

/** Every question of the stream with its answer, if it has one; answer forms for the host. */
class QuestionBoard {
  constructor({ api, stream, isHost }) {
    this.api = api;
    this.stream = stream;
    this.isHost = isHost;
    this.questions = new Map(); // question id -> {id, content, displayName, avatarurl, createdat, seq, answer}
    this.openOnly = $('open-only');
    this.openOnly.addEventListener('change', () => this.render());
  }

  /** Reads all questions and answers from history: the live list may start after some were asked. */
  async reload() {
    try {
      const [questions, answers] = await Promise.all([this.all('question'), this.all('answer')]);
      questions.forEach((item) => this.item(item, false));
      answers.forEach((item) => this.item(item, false));
      this.render();
    } catch (error) {
      notify(`The questions could not be read: ${error.message}`);
    }
  }

  async all(type) {
    const items = [];
    for (let page = 1; ; page++) {
      const data = await this.api.history(this.stream.id, { page, perPage: QUESTIONS_PER_PAGE, type });
      items.push(...data.items.map(readItem));
      if (data.items.length < QUESTIONS_PER_PAGE) return items;
    }
  }

  item(item, render = true) {
    if (item.type === 'question') {
      const id = String(item.body.id);
      const known = this.questions.get(id);
      this.questions.set(id, { ...known, id, content: item.body.content, displayName: item.displayName,
        avatarurl: item.avatarurl, createdat: item.createdat, seq: item.seq });
    } else if (item.type === 'answer') {
      const id = String(item.body.questionId);
      const known = this.questions.get(id) ?? { id, content: item.body.question, displayName: item.displayName, seq: 0 };
      this.questions.set(id, { ...known, answer: item.body.answer });
    } else {
      return;
    }
    if (render) this.render();
  }

  render() {
    const list = $('questions');
    const all = [...this.questions.values()].sort((a, b) => a.seq - b.seq);
    const shown = this.openOnly.checked ? all.filter((q) => q.answer === undefined) : all;
    $('no-questions').hidden = shown.length > 0;
    $('no-questions').textContent = all.length === 0 ? 'No questions yet.' : 'Every question has its answer.';
    // keep a half-typed answer: entries are reused, not rebuilt
    const nodes = shown.map((q) => this.entry(q));
    list.replaceChildren(...nodes);
  }

  entry(q) {
    this.nodes ??= new Map();
    let node = this.nodes.get(q.id);
    const state = q.answer === undefined ? 'open' : 'answered';
    if (node && node.dataset.state === state) return node;
    node = el('li', { className: `question-card ${state}`, attrs: { 'data-question-id': q.id, 'data-state': state } },
      el('div', { className: 'meta' },
        avatar(q.avatarurl, q.displayName, 'avatar small'),
        el('span', { className: 'name', text: q.displayName }),
        el('time', { className: 'time', text: timeOf(q.createdat) })),
      el('p', { className: 'text', text: q.content }));
    if (state === 'answered') {
      node.append(el('p', { className: 'answer-text' }, el('strong', { text: 'Answer: ' }), document.createTextNode(q.answer)));
    } else if (this.isHost) {
      node.append(this.answerForm(q));
    }
    this.nodes.set(q.id, node);
    return node;
  }

  answerForm(q) {
    const input = el('textarea', { attrs: { name: 'answer', rows: 2, maxlength: 500, required: '', 'aria-label': `answer to ${q.content}`, placeholder: 'Your answer…' } });
    const button = el('button', { text: 'Answer', attrs: { type: 'submit' } });
    const form = el('form', { className: 'answer-form' }, input, button);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const answer = input.value.trim();
      if (!answer) return;
      button.disabled = true;
      try {
        await this.api.answer(q.id, answer);
        // the answer item arrives over the socket and moves the question to answered
      } catch (error) {
        notify(`The answer was not stored: ${error.message}`);
      } finally {
        button.disabled = false;
      }
    });
    return form;
  }
}
