// A room as both pages show it: the socket, the timeline it feeds, the item list, and the outbox of what the
// user sent and the server has not confirmed yet (chat messages over the socket, questions over REST).
import { RoomConnection } from './connection.js';
import { Timeline } from './timeline.js';
import { el, itemView, notify, readItem, showState } from './render.js';

const NEAR_BOTTOM_PX = 80;

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
   */
  constructor({ api, stream, list, scroller, state, outbox, earlier }) {
    super();
    this.api = api;
    this.stream = stream;
    this.list = list;
    this.scroller = scroller;
    this.stateNode = state;
    this.outboxNode = outbox;
    this.earlier = earlier;
    this.pendingMessages = [];
    this.pendingQuestions = []; // [{key, content}] asked while the room was not live, or whose request failed
    this.answered = new Set(); // question ids with an answer
    this.nodes = new Map(); // item id -> <li>

    this.timeline = new Timeline({ fetchHistory: (query) => api.history(stream.id, query) });
    this.timeline.addEventListener('added', (e) => this.added(e.detail.item, e.detail.before));
    this.timeline.addEventListener('reset', () => {
      this.list.replaceChildren();
      this.nodes.clear();
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
      this.renderOutbox();
    });
    this.connection.addEventListener('refused', (e) => notify(e.detail.msg));
    this.connection.addEventListener('state', (e) => {
      if (e.detail.state === 'unauthorized') this.dispatchEvent(new CustomEvent('unauthorized'));
    });

    earlier?.addEventListener('click', () => this.loadEarlier());
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
  ask(text) {
    this.pendingQuestions.push({ key: crypto.getRandomValues(new Uint32Array(2)).join('-'), content: text });
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
          await this.api.ask(this.stream.id, question.content);
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
    try {
      await this.timeline.joined(joined);
    } catch (error) {
      notify(`The room's history could not be read: ${error.message}`);
    }
    this.updateEarlier();
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
    if (item.type === 'question' && this.answered.has(String(item.body.id))) node.classList.add('answered');
    this.dispatchEvent(new CustomEvent('item', { detail: item }));
    if (stick) this.scroller.scrollTop = this.scroller.scrollHeight;
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
    const waiting = this.connection.state === 'live' ? 'sending…' : 'waiting for the connection';
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
