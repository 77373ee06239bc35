// The host console: host.html creates a stream; host.html?stream=<id> runs it: share link, the question board,
// the chat and its moderation. The host and the stream's moderators run the room; anyone else sees the board.
import { Api } from './api.js';
import { EVENT, LiveRoom } from './live-room.js';
import { avatar, el, notify, timeOf } from './render.js';
import { signIn } from './signin.js';

const $ = (id) => document.getElementById(id);
const MINE_KEY = 'liveroom.hosted';
const STATES = ['pending', 'open', 'answered', 'dismissed'];
// held questions are never pushed to the room, not even to its moderators: while the room holds questions for
// review (or some are still held), the console asks for them this often
const PENDING_POLL_MS = 3000;
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
  await runConsole(stream);
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

async function runConsole(stream) {
  showStream(stream);
  // the host runs the room; a moderator may read its moderators, anyone else is refused
  const moderator = String(stream.hostId) === String(api.user.id)
    || await api.moderators(stream.id).then(() => true, () => false);
  $('not-host').hidden = moderator;
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

  const controls = moderator ? new RoomControls({ api, stream }) : null;
  const room = new LiveRoom({
    api,
    stream,
    list: $('items'),
    scroller: $('chat-scroll'),
    state: $('state'),
    outbox: $('outbox'),
    earlier: $('earlier'),
    online: $('online'),
    itemTools: controls ? (item, node) => controls.itemTools(item, node) : undefined,
  });
  const questions = new QuestionBoard({ api, stream, moderator });
  room.addEventListener('event', (e) => {
    questions.event(e.detail);
    controls?.event(e.detail);
  });
  // events missed while away are not replayed: read the board and the room's rules again on every join
  room.connection.addEventListener('joined', () => {
    questions.reload();
    controls?.reload();
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

/** Runs a step the server may refuse; a refusal is shown, and the button is usable again afterwards. */
async function step(button, what, action) {
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (error) {
    notify(`${what}: ${error.message}`);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

/**
 * The chat's moderation: delete an item, mute or ban its author, lift a mute or ban; slow mode; close and reopen
 * the room. Mutes and bans are not pushed to moderators: the list is read on joining and after each change made here.
 */
class RoomControls {
  constructor({ api, stream }) {
    this.api = api;
    this.stream = stream;
    $('room-controls').hidden = false;
    $('slow-mode-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const seconds = Number($('slow-mode').value);
      step(event.submitter, 'Slow mode was not changed', async () => {
        this.show(await api.roomSettings(stream.id, { slowModeSeconds: seconds }));
        notify(seconds > 0 ? `Slow mode: one message every ${seconds} s.` : 'Slow mode is off.', 'info');
      });
    });
    $('close-room').addEventListener('click', (event) => {
      const close = $('close-room').dataset.closed !== 'true';
      step(event.target, close ? 'The room was not closed' : 'The room was not reopened',
        async () => this.show(await api.closeRoom(stream.id, close)));
    });
  }

  async reload() {
    try {
      this.show(await this.api.roomSettings(this.stream.id));
    } catch (error) {
      notify(`The room's settings could not be read: ${error.message}`);
    }
    await this.showSanctions();
  }

  async showSanctions() {
    try {
      const [mutes, bans] = await Promise.all([
        this.api.sanctions(this.stream.id, 'mute'), this.api.sanctions(this.stream.id, 'ban')]);
      const rows = [...mutes, ...bans].map((s) => {
        const lift = el('button', { className: 'link', text: s.kind === 'ban' ? 'Unban' : 'Unmute', attrs: { type: 'button' } });
        lift.addEventListener('click', () => step(lift, `${lift.textContent} failed`, async () => {
          await this.api.lift(this.stream.id, s.kind, s.userId);
          await this.showSanctions();
        }));
        const what = s.kind === 'ban' ? 'banned' : `muted until ${timeOf(s.until)}`;
        return el('li', { attrs: { 'data-user': s.userId, 'data-kind': s.kind } },
          el('span', { className: 'name', text: s.displayName }), document.createTextNode(` ${what} `), lift);
      });
      $('sanctions').replaceChildren(...rows);
      $('sanctions').hidden = rows.length === 0;
    } catch (error) {
      notify(`The mutes and bans could not be read: ${error.message}`);
    }
  }

  event({ code, data }) {
    if (code === EVENT.CLOSED || code === EVENT.SETTINGS) this.show(data);
  }

  show({ closed, slowModeSeconds }) {
    if (typeof closed === 'boolean') {
      $('close-room').dataset.closed = String(closed);
      $('close-room').textContent = closed ? 'Reopen the room' : 'Close the room';
    }
    if (typeof slowModeSeconds === 'number' && document.activeElement !== $('slow-mode')) {
      $('slow-mode').value = slowModeSeconds;
    }
  }

  /** Buttons on a chat item: delete it; mute or ban a viewer who wrote it (not the host, nor an anonymous asker). */
  itemTools(item, node) {
    const tools = el('div', { className: 'item-tools' });
    const button = (label, text, action) => {
      const b = el('button', { className: 'link', text, attrs: { type: 'button', 'aria-label': label } });
      b.addEventListener('click', () => step(b, `${text} failed`, action));
      tools.append(b);
    };
    const author = item.type === 'answer' ? null : item.user;
    button('delete this item', 'Delete', () => this.api.deleteItem(this.stream.id, item.id));
    const viewer = author && String(author) !== '0' && String(author) !== String(this.stream.hostId)
      && String(author) !== String(this.api.user?.id);
    if (viewer) {
      button(`mute ${item.displayName}`, 'Mute', async () => {
        const minutes = Number($('mute-minutes').value);
        if (!Number.isInteger(minutes) || minutes < 1) throw new Error('give the minutes of the mute');
        await this.api.mute(this.stream.id, author, minutes * 60);
        notify(`${item.displayName} is muted for ${minutes} min.`, 'info');
        await this.showSanctions();
      });
      button(`ban ${item.displayName}`, 'Ban', async () => {
        await this.api.ban(this.stream.id, author);
        notify(`${item.displayName} is banned from the room.`, 'info');
        await this.showSanctions();
      });
    }
    node.querySelector('.bubble').append(tools);
  }
}

/**
 * The room's questions by state, most votes first, kept current by the board's events. Moderators see every
 * state and act on them; anyone else sees the open and answered ones.
 */
class QuestionBoard {
  constructor({ api, stream, moderator }) {
    this.api = api;
    this.stream = stream;
    this.moderator = moderator;
    this.questions = new Map(); // question id -> QuestionView
    this.nodes = new Map(); // question id -> its card
    this.highlighted = null;
    this.tab = 'open';
    for (const button of $('question-tabs').querySelectorAll('button')) {
      if (moderator) button.hidden = false;
      button.addEventListener('click', () => {
        this.tab = button.dataset.state;
        this.render();
      });
    }
    if (moderator) {
      $('question-settings').hidden = false;
      for (const [id, name] of [['hold-for-review', 'holdForReview'], ['allow-anonymous', 'allowAnonymous']]) {
        const box = $(id);
        box.addEventListener('change', () => step(box, 'The setting was not changed', async () => {
          this.showSettings(await api.questionSettings(stream.id, { [name]: box.checked }));
        }).then(() => this.showSettings(this.settings ?? {})));
      }
      setInterval(() => this.pollPending(), PENDING_POLL_MS);
    }
  }

  async reload() {
    try {
      const [{ items }, highlight, settings] = await Promise.all([
        this.api.questions(this.stream.id, { state: '', sort: 'votes' }),
        this.api.highlighted(this.stream.id),
        this.moderator ? this.api.questionSettings(this.stream.id) : null,
      ]);
      this.questions = new Map(items.map((q) => [String(q.id), q]));
      this.highlighted = highlight.question ? String(highlight.question.id) : null;
      if (settings) this.showSettings(settings);
      this.render();
    } catch (error) {
      notify(`The questions could not be read: ${error.message}`);
    }
  }

  /** New held questions; one that is no longer held was approved or dismissed elsewhere: read everything again. */
  async pollPending() {
    const held = [...this.questions.values()].some((q) => q.status === 'pending');
    if (!(this.settings?.holdForReview || held) || document.visibilityState === 'hidden' || this.polling) return;
    this.polling = true;
    try {
      const { items } = await this.api.questions(this.stream.id, { state: 'pending', sort: 'oldest' });
      const stillHeld = new Set(items.map((q) => String(q.id)));
      const moved = [...this.questions.values()].some((q) => q.status === 'pending' && !stillHeld.has(String(q.id)));
      if (moved) {
        await this.reload();
      } else {
        // a question never returns to pending: one that moved on while this poll was out keeps its newer state
        for (const q of items) {
          const known = this.questions.get(String(q.id));
          if (!known || known.status === 'pending') this.questions.set(String(q.id), q);
        }
        this.render();
      }
    } catch {
      // the next poll tries again; a dead connection shows in the pill
    } finally {
      this.polling = false;
    }
  }

  event({ code, data }) {
    switch (code) {
      case EVENT.QUESTION: this.update(data); break;
      case EVENT.VOTES: this.update({ id: data.questionId, votes: data.votes }); break;
      case EVENT.HIGHLIGHT: this.highlighted = data.question ? String(data.question.id) : null; break;
      case EVENT.QUESTION_SETTINGS: this.showSettings(data); return;
      default: return;
    }
    this.render();
  }

  /** Merges a change; the room's view of an anonymous question hides its asker, which a moderator already knows. */
  update(change) {
    const id = String(change.id);
    const known = this.questions.get(id);
    const asker = known?.asker?.id != null && change.asker && change.asker.id == null ? known.asker : change.asker;
    this.questions.set(id, { ...known, ...change, ...(asker ? { asker } : {}) });
  }

  showSettings(settings) {
    this.settings = settings;
    $('hold-for-review').checked = Boolean(settings.holdForReview);
    $('allow-anonymous').checked = Boolean(settings.allowAnonymous);
  }

  render() {
    const all = [...this.questions.values()];
    for (const button of $('question-tabs').querySelectorAll('button')) {
      const state = button.dataset.state;
      button.setAttribute('aria-pressed', String(state === this.tab));
      button.querySelector('.count').textContent = String(all.filter((q) => q.status === state).length);
    }
    const shown = all.filter((q) => q.status === this.tab)
      .sort((a, b) => b.votes - a.votes || String(a.createdAt).localeCompare(String(b.createdAt)) || a.id - b.id);
    $('no-questions').hidden = shown.length > 0;
    $('no-questions').textContent = all.length === 0 ? 'No questions yet.' : `No ${this.tab} questions.`;
    $('questions').replaceChildren(...shown.map((q) => this.entry(q)));
  }

  /** A question's card; reused while its state and answer stay, so a half-typed answer survives new votes. */
  entry(q) {
    const id = String(q.id);
    let node = this.nodes.get(id);
    if (!node || node.dataset.state !== q.status || node.dataset.answer !== (q.answer ?? '')) {
      node = this.card(q);
      this.nodes.set(id, node);
    }
    node.querySelector('.votes').textContent = `▲ ${q.votes}`;
    const highlighted = this.highlighted === id;
    node.classList.toggle('highlighted', highlighted);
    const toggle = node.querySelector('button.highlight');
    if (toggle) toggle.textContent = highlighted ? 'Clear highlight' : 'Highlight';
    return node;
  }

  card(q) {
    const asker = q.asker ?? {};
    const node = el('li', { className: `question-card ${q.status}`,
      attrs: { 'data-question-id': q.id, 'data-state': q.status, 'data-answer': q.answer ?? '' } },
    el('div', { className: 'meta' },
      avatar(asker.avatarUrl, asker.displayName, 'avatar small'),
      el('span', { className: 'name', text: asker.displayName }),
      q.anonymous ? el('span', { className: 'badge anonymous', text: 'anonymous' }) : null,
      el('time', { className: 'time', text: timeOf(q.createdAt) }),
      el('span', { className: 'votes', attrs: { title: 'votes' } }),
      el('span', { className: 'badge highlight-mark', text: 'highlighted' })),
    el('p', { className: 'text', text: q.content }));
    if (q.answer) {
      node.append(el('p', { className: 'answer-text' }, el('strong', { text: 'Answer: ' }), document.createTextNode(q.answer)));
    }
    if (!this.moderator) return node;
    if (q.status === 'open') node.append(this.answerForm(q));
    const actions = el('div', { className: 'actions' });
    const action = (className, text, what, call) => {
      const b = el('button', { className, text, attrs: { type: 'button' } });
      b.addEventListener('click', () => step(b, what, async () => this.update(await call())).then(() => this.render()));
      actions.append(b);
    };
    if (q.status === 'pending') action('approve', 'Approve', 'The question was not approved', () => this.api.approve(q.id));
    if (q.status === 'open' || q.status === 'answered') {
      const b = el('button', { className: 'highlight secondary', text: 'Highlight', attrs: { type: 'button' } });
      b.addEventListener('click', () => step(b, 'The highlight was not changed', async () => {
        const clear = this.highlighted === String(q.id);
        const reply = clear ? await this.api.clearHighlight(this.stream.id) : await this.api.highlight(q.id);
        this.highlighted = reply.question ? String(reply.question.id) : null;
      }).then(() => this.render()));
      actions.append(b);
    }
    if (q.status === 'pending' || q.status === 'open') {
      action('dismiss link', 'Dismiss', 'The question was not dismissed', () => this.api.dismiss(q.id));
    }
    if (actions.childElementCount > 0) node.append(actions);
    return node;
  }

  answerForm(q) {
    const input = el('textarea', { attrs: { name: 'answer', rows: 2, maxlength: 500, required: '', 'aria-label': `answer to ${q.content}`, placeholder: 'Your answer…' } });
    const button = el('button', { text: 'Answer', attrs: { type: 'submit' } });
    const form = el('form', { className: 'answer-form' }, input, button);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const answer = input.value.trim();
      if (!answer) return;
      step(button, 'The answer was not stored', async () => this.update(await this.api.answer(q.id, answer)))
        .then(() => this.render());
    });
    return form;
  }
}
