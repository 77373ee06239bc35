// The host console's question board: the room's questions by state, most votes first, kept current by the
// board's events. Moderators see every state and act on them; anyone else sees the open and answered ones. A user
// appointed or removed while the console is open switches between the two (setModerator).
import { HELD, HIGHLIGHT, QUESTION, QUESTION_SETTINGS, VOTES } from './codes.js';
import { avatar, el, fromServer, notify, step, timeOf } from './render.js';

/** The question settings' check boxes and the setting each one shows. */
const SETTING_BOXES = [['hold-for-review', 'holdForReview'], ['allow-anonymous', 'allowAnonymous']];

const $ = (id) => document.getElementById(id);
/** The states only moderators may list. */
const MODERATOR_STATES = ['pending', 'dismissed'];

export class QuestionBoard {
  /**
   * @param {object} options
   * @param {import('./api.js').Api} options.api
   * @param {object} options.stream     the stream as GET /api/streams/{id} gives it
   * @param {boolean} options.moderator  whether this user runs the room
   */
  constructor({ api, stream, moderator }) {
    this.api = api;
    this.stream = stream;
    this.questions = new Map(); // question id -> QuestionView
    this.nodes = new Map(); // question id -> its card
    this.highlighted = null;
    this.tab = 'open';
    this.reads = 0; // counts the reads of the whole board: only the latest one's answer is shown
    this.heardDuringRead = null; // while a read of the whole board is out: the events heard meanwhile
    for (const button of $('question-tabs').querySelectorAll('button')) {
      button.addEventListener('click', () => {
        this.tab = button.dataset.state;
        this.render();
      });
    }
    for (const [id, name] of SETTING_BOXES) {
      const box = $(id);
      box.addEventListener('change', () => step(box, 'The setting was not changed', async () => {
        this.showSettings(await api.questionSettings(stream.id, { [name]: box.checked }));
      }).then(() => this.showSettings(this.settings ?? {})));
    }
    this.showRole(moderator);
  }

  /**
   * This user was appointed or removed: the cards are drawn again with or without a moderator's actions, and what
   * only moderators may see is dropped. The caller reads the board again (reload) for what the new role sees.
   */
  setModerator(on) {
    this.showRole(on);
    if (!on) {
      for (const [id, q] of this.questions) {
        if (MODERATOR_STATES.includes(q.status)) this.questions.delete(id);
      }
    }
    this.nodes.clear();
    this.render();
  }

  showRole(on) {
    this.moderator = on;
    for (const button of $('question-tabs').querySelectorAll('button')) {
      button.hidden = !on && MODERATOR_STATES.includes(button.dataset.state);
    }
    if (!on && MODERATOR_STATES.includes(this.tab)) this.tab = 'open';
    $('question-settings').hidden = !on;
  }

  async reload() {
    const read = ++this.reads;
    // events that arrive while the board is read may be newer than what the read answers: applied again after it
    this.heardDuringRead = [];
    try {
      const [{ items }, highlight, settings] = await Promise.all([
        this.api.questions(this.stream.id, { state: '', sort: 'votes' }),
        this.api.highlighted(this.stream.id),
        this.moderator ? this.api.questionSettings(this.stream.id) : null,
      ]);
      if (read !== this.reads) return; // a later read answers for the board (this user's role changed meanwhile)
      this.questions = new Map(items.map((q) => [String(q.id), q]));
      this.highlighted = highlight.question ? String(highlight.question.id) : null;
      if (settings) this.showSettings(settings);
      const heard = this.heardDuringRead;
      this.heardDuringRead = null;
      heard.forEach((event) => this.apply(event));
      this.render();
    } catch (error) {
      if (read === this.reads) {
        this.heardDuringRead = null;
        notify(`The questions could not be read: ${fromServer(error.message)}`);
      }
    }
  }

  event(event) {
    if (event.code === QUESTION_SETTINGS) {
      this.showSettings(event.data);
      return;
    }
    if (this.apply(event)) {
      this.heardDuringRead?.push(event);
      this.render();
    }
  }

  /** Applies one of the board's events to what the board holds; false for an event of another kind. */
  apply({ code, data }) {
    switch (code) {
      case QUESTION: this.update(data); return true;
      // a held question, to the host and moderators alone: new, or dismissed by another of them
      case HELD: if (this.moderator) this.update(data); return this.moderator;
      case VOTES: this.update({ id: data.questionId, votes: data.votes }); return true;
      case HIGHLIGHT: this.highlighted = data.question ? String(data.question.id) : null; return true;
      default: return false;
    }
  }

  /** Merges a change; the room's view of an anonymous question hides its asker, which a moderator already knows. */
  update(change) {
    const id = String(change.id);
    const known = this.questions.get(id);
    const asker = known?.asker?.id != null && change.asker && change.asker.id == null ? known.asker : change.asker;
    this.questions.set(id, { ...known, ...change, ...(asker ? { asker } : {}) });
  }

  /** A box whose own change is still on its way (disabled meanwhile) keeps what the user just chose. */
  showSettings(settings) {
    this.settings = settings;
    for (const [id, name] of SETTING_BOXES) {
      const box = $(id);
      if (!box.disabled) box.checked = Boolean(settings[name]);
    }
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
