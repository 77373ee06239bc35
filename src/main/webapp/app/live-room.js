// A room as both pages show it: the socket, the timeline it feeds, the item list, and the outbox of what the
// user sent and the server has not confirmed yet (chat messages over the socket, questions over REST), the
// votes and states of the questions in the list, the online count and the room's events.
//
// Events: item (a chat item added), event ({code, msg, data}: every room event, after the room has applied it),
// refused (the server's refusal, as the connection reports it), unauthorized, shut (the room will not have this
// user: banned now, or refused at the door; what the room said up to then stays readable).
import { RoomConnection } from './connection.js';
import { Timeline } from './timeline.js';
import { el, excerpt, fromServer, itemView, notify, readItem, showState, unnotify } from './render.js';
import { BANNED, DELETED, MUTED, ONLINE, QUESTION, ROLES, SKIPPED, TOO_MANY, UNAVAILABLE, VOTES } from './codes.js';

const NEAR_BOTTOM_PX = 80;
/** The fast-chat hint goes away this long after the server last said it skipped something. */
const FAST_CHAT_QUIET_MS = 10_000;

export class LiveRoom extends EventTarget {
  /**
   * @param {object} options
   * @param {import('./api.js').Api} options.api
   * @param {object} options.stream      the stream as GET /api/streams/{id} gives it
   * @param {HTMLElement} options.list   the <ol> the items go into
   * @param {HTMLElement} options.scroller  the element that scrolls the list
   * @param {HTMLElement} options.state  the connection pill
   * @param {HTMLElement} options.outbox the <ul> listing what waits to be sent
   * @param {HTMLElement} [options.earlier] the "load earlier" button
   * @param {HTMLElement} [options.online] where the online count goes
   * @param {HTMLElement} [options.empty]  shown while the room has no items
   * @param {HTMLElement} [options.fastChat] the "fast chat: showing some messages" hint, with a button that shows
   *        everything
   * @param {(item: object, node: HTMLElement) => void} [options.itemTools] adds controls to an item's entry
   */
  constructor({ api, stream, list, scroller, state, outbox, earlier, online, empty, fastChat, itemTools }) {
    super();
    this.api = api;
    this.stream = stream;
    this.list = list;
    this.scroller = scroller;
    this.stateNode = state;
    this.outboxNode = outbox;
    this.earlier = earlier;
    this.onlineNode = online;
    this.emptyNode = empty;
    this.fastChatNode = fastChat;
    this.fastChatTimer = 0;
    this.pausedUntil = 0;
    this.itemTools = itemTools;
    this.questionStates = new Map(); // question id -> {status, votes, voted}
    this.pendingMessages = [];
    this.pendingQuestions = []; // [{key, content}] asked while the room was not live, or whose request failed
    this.answered = new Set(); // question ids with an answer
    this.nodes = new Map(); // item id -> <li>

    this.timeline = new Timeline({ fetchHistory: (query) => api.history(stream.id, query) });
    this.timeline.addEventListener('added', (e) => this.added(e.detail.item, e.detail.before));
    this.timeline.addEventListener('reset', () => {
      this.list.replaceChildren();
      this.nodes.clear();
      this.showEmpty();
    });

    this.connection = new RoomConnection({
      url: () => api.socketUrl(),
      token: () => api.token,
      topic: stream.roomNumber,
      resumePoint: () => this.timeline.resumePoint,
    });
    this.connection.addEventListener('state', (e) => {
      showState(this.stateNode, e.detail);
      this.renderOutbox();
    });
    this.connection.addEventListener('item', (e) => this.timeline.live(e.detail));
    this.connection.addEventListener('joined', (e) => this.rejoined(e.detail));
    this.connection.addEventListener('outbox', (e) => {
      this.pendingMessages = e.detail.pending;
      this.pausedUntil = e.detail.pausedUntil ?? 0;
      this.renderOutbox();
      if (this.pendingMessages.length === 0) unnotify('too-fast');
    });
    this.connection.addEventListener('refused', (e) => {
      const { code, msg, content, join, retryInMs } = e.detail;
      if (code === TOO_MANY || code === UNAVAILABLE) {
        // one notice for the whole burst: the outbox holds the messages and sends them, in order, when it may
        const why = code === UNAVAILABLE ? 'The server is busy' : fromServer(msg);
        notify(`${why}. Your messages wait and go out in order${retryInMs ? ` (next in ${Math.ceil(retryInMs / 1000)} s)` : ''}.`,
          'info', { key: 'too-fast' });
      } else if (join) {
        this.shut({ ...e.detail, reason: fromServer(msg) });
      } else {
        notify(content === undefined ? fromServer(msg) : `Not sent (“${excerpt(content)}”): ${fromServer(msg)}`);
      }
      this.dispatchEvent(new CustomEvent('refused', { detail: e.detail }));
    });
    this.connection.addEventListener('event', (e) => this.event(e.detail));
    this.connection.addEventListener('state', (e) => {
      if (e.detail.state === 'unauthorized') this.dispatchEvent(new CustomEvent('unauthorized'));
    });

    earlier?.addEventListener('click', () => this.loadEarlier());
    fastChat?.querySelector('button')?.addEventListener('click', () => this.showEverything());
    this.showOnline(stream.online);
  }

  start() {
    this.connection.start();
  }

  stop() {
    this.connection.stop();
  }

  send(text) {
    this.connection.send(text);
  }

  /** Asks now if the room is live; otherwise (or if the server cannot be reached) when it is live again. */
  ask(text, { anonymous = false } = {}) {
    this.pendingQuestions.push({ key: crypto.getRandomValues(new Uint32Array(2)).join('-'), content: text, anonymous });
    this.renderOutbox();
    this.flushQuestions();
  }

  async flushQuestions() {
    if (this.flushingQuestions || this.connection.state !== 'live') return;
    this.flushingQuestions = true;
    try {
      while (this.pendingQuestions.length > 0 && this.connection.state === 'live') {
        const question = this.pendingQuestions[0];
        try {
          const asked = await this.api.ask(this.stream.id, question.content, { anonymous: question.anonymous });
          if (asked?.status === 'pending') notify('Your question waits for the host to let it into the room.', 'info');
        } catch (error) {
          if (error.unreachable) break; // kept: tried again on the next join
          notify(`Your question was not accepted: ${error.message}`);
        }
        this.pendingQuestions.shift();
        this.renderOutbox();
      }
    } finally {
      this.flushingQuestions = false;
    }
  }

  async rejoined(joined) {
    this.flushQuestions();
    const states = this.loadQuestionStates(joined.seq ?? 0);
    try {
      await this.timeline.joined(joined);
    } catch (error) {
      notify(`The room's history could not be read: ${error.message}`);
    }
    await states;
    this.updateEarlier();
    this.showEmpty();
    // the count read with the stream came before this socket joined, and the server pushes a count only when it
    // changes: a user who left and came back within one push interval would otherwise see the count without them
    this.api.stream(this.stream.id).then((stream) => this.showOnline(stream.online), () => {});
  }

  async loadEarlier() {
    const first = this.list.firstElementChild;
    const offset = first ? first.getBoundingClientRect().top : 0;
    try {
      await this.timeline.loadEarlier();
    } catch (error) {
      notify(error.message);
    }
    if (first) this.scroller.scrollTop += first.getBoundingClientRect().top - offset;
    this.updateEarlier();
  }

  updateEarlier() {
    if (this.earlier) this.earlier.hidden = !this.timeline.hasEarlier;
  }

  added(raw, before) {
    const item = readItem(raw);
    const stick = this.nearBottom();
    const node = itemView(item, { hostId: this.stream.hostId, me: this.api.user?.id });
    this.nodes.set(item.id, node);
    this.list.insertBefore(node, before ? this.nodes.get(before.id) ?? null : null);
    if (item.type === 'answer') this.markAnswered(item.body.questionId);
    if (item.type === 'question') {
      if (this.answered.has(String(item.body.id))) node.classList.add('answered');
      this.showQuestionState(node);
    }
    this.itemTools?.(item, node);
    if (this.emptyNode) this.emptyNode.hidden = true;
    this.dispatchEvent(new CustomEvent('item', { detail: item }));
    if (stick) this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  /** A room event: what concerns the item list is applied here; every event is passed on to the page. */
  event(frame) {
    const { code, msg, data } = frame;
    switch (code) {
      case DELETED:
        this.timeline.deleted(data);
        this.nodes.get(data.id)?.remove();
        this.nodes.delete(data.id);
        this.showEmpty();
        break;
      case MUTED:
        notify(data?.until ? `You are muted until ${fromServer(data.until)}${data.reason ? ` (${data.reason})` : ''}.`
          : 'You are no longer muted.', data?.until ? 'error' : 'info', { key: 'muted' });
        break;
      case BANNED:
        // the server took this socket out of the room: joining again would be refused
        this.shut({ ...data, reason: fromServer(msg) });
        break;
      case ONLINE:
        this.showOnline(data?.online);
        break;
      case SKIPPED:
        this.timeline.skippedRange(data ?? {});
        this.showFastChat();
        break;
      case QUESTION:
        this.questionChanged(data.id, { status: data.status, votes: data.votes });
        if (data.status === 'answered') this.markAnswered(data.id);
        break;
      case VOTES:
        this.questionChanged(data.questionId, { votes: data.votes });
        break;
      case ROLES:
        // to the whole room; only the user it names is told (the host console also changes its controls)
        if (this.api.user && String(data?.user) === String(this.api.user.id)) {
          notify(data.moderator ? 'You are now a moderator of this room.' : 'You are no longer a moderator of this room.', 'info');
        }
        break;
      default:
    }
    this.dispatchEvent(new CustomEvent('event', { detail: frame }));
  }

  /**
   * The room will not have this user: the socket is stopped, the pill says so, and the page keeps what it shows
   * (reading the newest history when it had nothing yet: a banned user opening the page still sees the room).
   */
  async shut(detail) {
    this.stop();
    notify(detail.reason ?? 'You are not in the room.', 'error', { key: 'shut', ms: 15000 });
    showState(this.stateNode, { state: 'shut' });
    this.dispatchEvent(new CustomEvent('shut', { detail }));
    if (!this.timeline.loaded) {
      try {
        await this.timeline.catchUp();
        this.updateEarlier();
      } catch {
        // the room's history is not for this user either: the notice says why
      }
    }
    this.showEmpty();
  }

  showEmpty() {
    if (this.emptyNode) this.emptyNode.hidden = !this.timeline.loaded || this.list.childElementCount > 0;
  }

  /** The room talks faster than anyone can read: a discreet hint, until the server stops skipping for a while. */
  showFastChat() {
    if (!this.fastChatNode) return;
    this.fastChatNode.hidden = false;
    clearTimeout(this.fastChatTimer);
    this.fastChatTimer = setTimeout(() => {
      this.fastChatNode.hidden = true;
    }, FAST_CHAT_QUIET_MS);
  }

  /** Reads back from history the messages the server did not send, each in its place in the list. */
  async showEverything() {
    const button = this.fastChatNode?.querySelector('button');
    if (button) button.disabled = true;
    const stick = this.nearBottom();
    try {
      const shown = await this.timeline.showSkipped();
      notify(shown > 0 ? `${shown} more message${shown === 1 ? '' : 's'} shown.` : 'Nothing more to show.', 'info',
        { key: 'fast-chat' });
    } catch (error) {
      notify(`The messages could not be read: ${error.message}`);
    } finally {
      if (button) button.disabled = false;
    }
    if (stick) this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  showOnline(count) {
    if (!this.onlineNode || typeof count !== 'number') return;
    this.onlineNode.textContent = `${count} online`;
    this.onlineNode.dataset.online = count;
    this.onlineNode.hidden = false;
  }

  /**
   * The votes and states of the room's questions, and which of them this reader voted for. `joinedSeq`: the room's
   * last item when the socket joined; every question in the chat up to there was asked before this listing.
   */
  async loadQuestionStates(joinedSeq) {
    try {
      const { items, total } = await this.api.questions(this.stream.id, { state: 'open,answered', sort: 'newest' });
      this.listing = items.length === total ? { upTo: joinedSeq, ids: new Set(items.map((q) => String(q.id))) } : null;
      for (const q of items) this.questionChanged(q.id, { status: q.status, votes: q.votes, voted: q.voted });
      for (const node of this.list.querySelectorAll('li.question')) {
        // what an earlier listing said of a question this one leaves out is out of date (dismissed meanwhile)
        if (this.unlisted(node)) this.questionStates.delete(node.dataset.questionId);
        this.showQuestionState(node);
      }
    } catch (error) {
      notify(`The questions' votes could not be read: ${error.message}`);
    }
  }

  questionChanged(id, change) {
    const key = String(id);
    this.questionStates.set(key, { ...this.questionStates.get(key), ...change });
    for (const node of this.questionNodes(key)) this.showQuestionState(node);
  }

  questionNodes(questionId) {
    return [...this.list.querySelectorAll('li.question')].filter((node) => node.dataset.questionId === questionId);
  }

  /**
   * A question's state and its vote button: voting is for open questions. A question in the chat was open; one
   * asked before a complete listing of the questions the room may see, and missing from it, was dismissed.
   */
  showQuestionState(node) {
    const id = node.dataset.questionId;
    const { status = this.unlisted(node) ? 'dismissed' : 'open', votes = 0, voted = false } = this.questionStates.get(id) ?? {};
    node.dataset.status = status;
    node.classList.toggle('dismissed', status === 'dismissed');
    let button = node.querySelector('button.vote');
    if (!button) {
      button = el('button', { className: 'vote', attrs: { type: 'button' } });
      button.addEventListener('click', () => this.toggleVote(id));
      node.querySelector('.bubble').append(button);
    }
    button.textContent = `▲ ${votes}`;
    button.disabled = status !== 'open';
    button.setAttribute('aria-pressed', String(Boolean(voted)));
    button.title = voted ? 'Take back your vote' : 'Vote for this question';
    button.setAttribute('aria-label', `${voted ? 'take back vote' : 'vote'}, ${votes} votes`);
  }

  unlisted(node) {
    return Boolean(this.listing) && Number(node.dataset.seq) <= this.listing.upTo
      && !this.listing.ids.has(node.dataset.questionId);
  }

  async toggleVote(id) {
    const voted = Boolean(this.questionStates.get(id)?.voted);
    try {
      const tally = await this.api.vote(id, !voted);
      this.questionChanged(id, { votes: tally.votes, voted: tally.voted });
    } catch (error) {
      notify(`Your vote was not counted: ${error.message}`);
    }
  }

  markAnswered(questionId) {
    this.answered.add(String(questionId));
    for (const node of this.list.querySelectorAll('li.question')) {
      if (node.dataset.questionId === String(questionId)) node.classList.add('answered');
    }
  }

  nearBottom() {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM_PX;
  }

  renderOutbox() {
    const paused = this.pausedUntil > Date.now();
    const waiting = this.connection.state !== 'live' ? 'waiting for the connection' : paused ? 'waiting to send' : 'sending…';
    if (paused) {
      clearTimeout(this.outboxTimer);
      this.outboxTimer = setTimeout(() => this.renderOutbox(), this.pausedUntil - Date.now() + 20);
    }
    const rows = [
      ...this.pendingMessages.map((m) => el('li', { className: 'pending message', attrs: { 'data-client-msg-id': m.clientMsgId } },
        el('span', { className: 'text', text: m.content }), el('span', { className: 'why', text: waiting }))),
      ...this.pendingQuestions.map((q) => el('li', { className: 'pending question' },
        el('span', { className: 'badge question', text: 'Q' }),
        el('span', { className: 'text', text: q.content }), el('span', { className: 'why', text: waiting }))),
    ];
    const stick = this.nearBottom();
    this.outboxNode.replaceChildren(...rows);
    if (stick) this.scroller.scrollTop = this.scroller.scrollHeight;
  }
}
