// Polls on both pages. The viewer's room shows the open poll (or the one just closed, with its final results)
// where the highlight is, and votes in it; the host console drafts, opens and closes polls and lists the stream's
// polls with their results. Both keep the counts current from the room's events: 240 (a poll appeared or changed,
// with its counts) and 241 (an open poll's counts, at most once a second). Each poll's `version` rises with every
// change of a vote; a page keeps the counts of the highest version it has seen, whichever frame brought them.
import { CONFLICT, POLL, POLL_RESULTS } from './codes.js';
import { confirming, el, fromServer, notify, step } from './render.js';

const polls = (path = '') => `api/polls${path}`;

/** The REST calls of polls (docs/protocol.md, "Polls"). */
export class PollCalls {
  constructor(api) {
    this.api = api;
  }

  list(streamId) {
    return this.api.call('GET', polls(`?${new URLSearchParams({ stream: streamId, resultsPerPage: 100 })}`));
  }

  create(streamId, { question, options, multiple, anonymous }) {
    return this.api.call('POST', polls(), { stream: Number(streamId), question, options, multiple, anonymous });
  }

  open(pollId) {
    return this.api.call('POST', polls(`/${encodeURIComponent(pollId)}/open`));
  }

  close(pollId) {
    return this.api.call('POST', polls(`/${encodeURIComponent(pollId)}/close`));
  }

  remove(pollId) {
    return this.api.call('DELETE', polls(`/${encodeURIComponent(pollId)}`));
  }

  /** Makes `options` (indexes) the user's vote; none takes the vote back. */
  vote(pollId, options) {
    return options.length > 0
      ? this.api.call('PUT', polls(`/${encodeURIComponent(pollId)}/vote`), { options })
      : this.api.call('DELETE', polls(`/${encodeURIComponent(pollId)}/vote`));
  }

  voters(pollId) {
    return this.api.call('GET', polls(`/${encodeURIComponent(pollId)}/voters`));
  }
}

/**
 * A poll's results as bars: one row per option, its label, its share of the votes as a bar, the count and the
 * percentage. `choose(index)` makes the rows buttons (the viewer's vote); `mine` marks the options chosen.
 */
export function resultBars(poll, { mine = [], choose } = {}) {
  const total = poll.counts.reduce((sum, n) => sum + n, 0);
  const list = el('ol', { className: 'poll-options', attrs: { 'data-multiple': poll.multiple } });
  poll.options.forEach((label, index) => {
    const count = poll.counts[index] ?? 0;
    const percent = total > 0 ? Math.round((count * 100) / total) : 0;
    const chosen = mine.includes(index);
    const bar = el('span', { className: 'poll-bar', attrs: { 'aria-hidden': 'true' } });
    bar.style.setProperty('--share', `${percent}%`);
    const row = [
      bar,
      // the marks say what a tap does; results only to be read have none
      choose ? el('span', { className: 'poll-mark', attrs: { 'aria-hidden': 'true' }, text: chosen ? (poll.multiple ? '☑' : '●') : (poll.multiple ? '☐' : '○') }) : null,
      el('span', { className: 'poll-label', text: label }),
      el('span', { className: 'poll-count', text: `${count} · ${percent}%` }),
    ];
    const node = choose
      ? el('button', {
        className: 'poll-option',
        attrs: {
          type: 'button', 'aria-pressed': String(chosen), 'data-index': index,
          'aria-label': `${label}: ${count} vote${count === 1 ? '' : 's'}, ${percent}%${chosen ? ', your choice' : ''}`,
        },
      }, ...row)
      : el('div', { className: `poll-option${chosen ? ' chosen' : ''}`, attrs: { 'data-index': index } }, ...row);
    if (choose) node.addEventListener('click', () => choose(index));
    list.append(el('li', {}, node));
  });
  return list;
}

/** New counts into bars already shown, in place: a tap or a confirmation under way is not lost to a redraw. */
export function updateBars(list, poll) {
  const total = poll.counts.reduce((sum, n) => sum + n, 0);
  for (const row of list.querySelectorAll('.poll-option')) {
    const count = poll.counts[Number(row.dataset.index)] ?? 0;
    const percent = total > 0 ? Math.round((count * 100) / total) : 0;
    row.querySelector('.poll-bar').style.setProperty('--share', `${percent}%`);
    row.querySelector('.poll-count').textContent = `${count} · ${percent}%`;
    if (row.hasAttribute('aria-label')) {
      const label = row.querySelector('.poll-label').textContent;
      const chosen = row.getAttribute('aria-pressed') === 'true';
      row.setAttribute('aria-label', `${label}: ${count} vote${count === 1 ? '' : 's'}, ${percent}%${chosen ? ', your choice' : ''}`);
    }
  }
}

function summary(poll) {
  const choice = poll.multiple ? 'several choices' : 'one choice';
  const voters = `${poll.voters} voter${poll.voters === 1 ? '' : 's'}`;
  return `${voters} · ${choice}${poll.anonymous ? ' · anonymous' : ''}`;
}

/**
 * The room's polls as one page knows them: poll id -> the poll's view, its counts from the highest version seen.
 * Events and listings go through `merge`, so an older frame never overrules a newer one.
 */
class KnownPolls {
  constructor() {
    this.byId = new Map();
  }

  merge(poll) {
    const known = this.byId.get(String(poll.id));
    if (known && known.version > poll.version) {
      // older counts: keep the newer ones, take the rest (a state change carries its own counts, never older)
      this.byId.set(String(poll.id), { ...known, ...poll, counts: known.counts, voters: known.voters, version: known.version, mine: poll.mine ?? known.mine });
    } else {
      this.byId.set(String(poll.id), { ...known, ...poll, mine: poll.mine ?? known?.mine });
    }
    return this.byId.get(String(poll.id));
  }

  results({ pollId, counts, voters, version }) {
    const known = this.byId.get(String(pollId));
    if (!known || known.version >= version) return null;
    known.counts = counts;
    known.voters = voters;
    known.version = version;
    return known;
  }

  remove(id) {
    this.byId.delete(String(id));
  }

  get(id) {
    return this.byId.get(String(id));
  }

  all() {
    return [...this.byId.values()].sort((a, b) => Number(b.id) - Number(a.id));
  }
}

/**
 * The viewer's poll card, where the highlight is: the open poll, or else the last one closed since the page opened
 * (with its final results, until dismissed). Tapping an option votes; in a multiple-choice poll it adds or removes
 * that option from the vote. The card sticks below the highlight while the chat scrolls.
 */
export class RoomPolls {
  /**
   * @param {object} options
   * @param {import('./api.js').Api} options.api
   * @param {object} options.stream
   * @param {HTMLElement} options.node       the card's <aside>
   * @param {HTMLElement} [options.highlight] the highlight, whose height the card keeps below
   */
  constructor({ api, stream, node, highlight }) {
    Object.assign(this, { stream, node });
    this.calls = new PollCalls(api);
    this.known = new KnownPolls();
    this.shownId = null;
    this.dismissed = new Set();
    this.collapsed = false;
    if (highlight && typeof ResizeObserver === 'function') {
      const keepBelow = () => node.style.setProperty('--poll-top', highlight.hidden ? '0px' : `${highlight.offsetHeight + 6}px`);
      new ResizeObserver(keepBelow).observe(highlight);
      new MutationObserver(keepBelow).observe(highlight, { attributes: true, attributeFilter: ['hidden'] });
    }
  }

  /** Reads the room's polls again: on every (re)join, since events missed while away are not replayed. */
  async reload() {
    try {
      const { items } = await this.calls.list(this.stream.id);
      for (const poll of items) this.known.merge(poll);
      const open = items.find((p) => p.status === 'open');
      if (open) this.shownId = String(open.id);
      this.render();
    } catch (error) {
      notify(`The room's polls could not be read: ${fromServer(error.message)}`);
    }
  }

  event({ code, data }) {
    if (code === POLL) {
      if (data.status === 'deleted') {
        this.known.remove(data.id);
      } else {
        this.known.merge(data);
        if (data.status === 'open') this.shownId = String(data.id);
      }
      this.render();
    } else if (code === POLL_RESULTS && this.known.results(data) && String(data.pollId) === this.shownId) {
      const poll = this.current();
      const list = this.node.querySelector('.poll-options');
      if (poll && list && this.node.dataset.pollId === String(poll.id)) {
        updateBars(list, poll);
        this.node.querySelector('.poll-summary').textContent = summary(poll);
      } else {
        this.render();
      }
    }
  }

  current() {
    const poll = this.shownId ? this.known.get(this.shownId) : null;
    if (!poll || poll.status === 'draft' || this.dismissed.has(String(poll.id))) return null;
    return poll;
  }

  render() {
    const poll = this.current();
    this.node.hidden = !poll;
    if (!poll) {
      this.node.replaceChildren();
      delete this.node.dataset.pollId;
      return;
    }
    const open = poll.status === 'open';
    this.node.dataset.pollId = poll.id;
    this.node.dataset.status = poll.status;
    const toggle = el('button', {
      className: 'poll-toggle link', text: this.collapsed ? 'Show' : 'Hide',
      attrs: { type: 'button', 'aria-expanded': String(!this.collapsed) },
    });
    toggle.addEventListener('click', () => {
      this.collapsed = !this.collapsed;
      this.render();
    });
    const head = el('div', { className: 'poll-head' },
      el('span', { className: 'label', text: open ? 'Poll' : 'Final results' }),
      el('span', { className: 'poll-summary', text: summary(poll) }),
      open ? toggle : this.dismissButton(poll));
    const mine = poll.mine ?? [];
    const body = this.collapsed && open ? [] : [
      resultBars(poll, { mine, choose: open ? (index) => this.choose(poll, index) : undefined }),
      open && mine.length > 0 ? this.takeBackButton(poll) : null,
      open && mine.length === 0 ? el('p', { className: 'hint', text: poll.multiple ? 'Tap every option you choose.' : 'Tap an option to vote; tap another to change your vote.' }) : null,
    ];
    this.node.replaceChildren(head, el('p', { className: 'poll-question', text: poll.question }), ...body.filter(Boolean));
  }

  dismissButton(poll) {
    const button = el('button', { className: 'poll-dismiss link', text: '×', attrs: { type: 'button', 'aria-label': 'hide these results' } });
    button.addEventListener('click', () => {
      this.dismissed.add(String(poll.id));
      this.render();
    });
    return button;
  }

  takeBackButton(poll) {
    const button = el('button', { className: 'link poll-take-back', text: 'Take back my vote', attrs: { type: 'button' } });
    button.addEventListener('click', () => this.send(poll, []));
    return button;
  }

  choose(poll, index) {
    const mine = poll.mine ?? [];
    let choice;
    if (poll.multiple) {
      choice = mine.includes(index) ? mine.filter((i) => i !== index) : [...mine, index].sort((a, b) => a - b);
    } else {
      if (mine.length === 1 && mine[0] === index) return;
      choice = [index];
    }
    this.send(poll, choice);
  }

  async send(poll, choice) {
    for (const button of this.node.querySelectorAll('button.poll-option')) button.disabled = true;
    try {
      const vote = await this.calls.vote(poll.id, choice);
      this.known.merge({ ...this.known.get(poll.id), mine: vote.mine });
      this.known.results({ pollId: poll.id, counts: vote.counts, voters: vote.voters, version: vote.version });
    } catch (error) {
      notify(`Your vote was not counted: ${fromServer(error.message)}`);
      if (error.code === CONFLICT) await this.reload();
    }
    this.render();
  }
}

/**
 * The host console's Polls section: a form that drafts a poll (or drafts and opens it at once), and the stream's
 * polls, newest first, each with its results as bars and the steps its state allows: open or delete a draft, close
 * an open poll, and for named results, who voted for what.
 */
export class HostPolls {
  /**
   * @param {object} options
   * @param {import('./api.js').Api} options.api
   * @param {object} options.stream
   * @param {boolean} options.moderator   the host or a moderator: only they see this section
   * @param {(id: string) => HTMLElement} options.$
   */
  constructor({ api, stream, moderator, $ }) {
    Object.assign(this, { stream, moderator, $ });
    this.calls = new PollCalls(api);
    this.known = new KnownPolls();
    this.votersShown = new Set();
    const form = $('poll-form');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.create(form, event.submitter?.value === 'open', event.submitter);
    });
  }

  setModerator(on) {
    this.moderator = on;
    if (on) this.reload();
  }

  async reload() {
    if (!this.moderator) return;
    try {
      const { items } = await this.calls.list(this.stream.id);
      this.known = new KnownPolls();
      for (const poll of items) this.known.merge(poll);
      this.render();
    } catch (error) {
      notify(`The polls could not be read: ${fromServer(error.message)}`);
    }
  }

  event({ code, data }) {
    if (!this.moderator) return;
    if (code === POLL) {
      if (data.status === 'deleted') this.known.remove(data.id);
      else this.known.merge(data);
      this.render();
    } else if (code === POLL_RESULTS && this.known.results(data)) {
      this.renderResults(this.known.get(data.pollId));
    }
  }

  /** New counts: only the bars and the summary change, so a button half-way through its confirmation stays armed. */
  renderResults(poll) {
    const node = this.$('polls').querySelector(`[data-poll-id="${CSS.escape(String(poll.id))}"]`);
    if (!node) {
      this.render();
      return;
    }
    updateBars(node.querySelector('.poll-options'), poll);
    node.querySelector('.poll-summary').textContent = summary(poll);
    const voters = node.querySelector('.poll-voters');
    if (voters) this.votersOf(poll, voters);
  }

  async create(form, openNow, button) {
    const options = form.elements.options.value.split('\n').map((line) => line.trim()).filter(Boolean);
    const draft = {
      question: form.elements.question.value.trim(),
      options,
      multiple: form.elements.multiple.checked,
      anonymous: form.elements.anonymous.checked,
    };
    if (options.length < 2 || options.length > 10) {
      notify('A poll has 2 to 10 options: write one per line.');
      return;
    }
    await step(button, 'The poll was not created', async () => {
      let poll = this.known.merge(await this.calls.create(this.stream.id, draft));
      if (openNow) poll = this.known.merge(await this.calls.open(poll.id));
      form.reset();
      this.render();
      notify(openNow ? 'The poll is open in the room.' : 'The poll is saved as a draft.', 'info');
    });
  }

  render() {
    const all = this.known.all();
    this.$('no-polls').hidden = all.length > 0;
    this.$('polls').replaceChildren(...all.map((poll) => this.card(poll)));
  }

  renderPoll(poll) {
    const node = this.$('polls').querySelector(`[data-poll-id="${CSS.escape(String(poll.id))}"]`);
    if (node) node.replaceWith(this.card(poll));
    else this.render();
  }

  card(poll) {
    const actions = el('div', { className: 'actions' });
    if (poll.status === 'draft') {
      const open = el('button', { text: 'Open', attrs: { type: 'button' } });
      open.addEventListener('click', () => step(open, 'The poll was not opened', async () => {
        this.known.merge(await this.calls.open(poll.id));
        this.render();
      }));
      const remove = el('button', { className: 'secondary poll-delete', text: 'Delete', attrs: { type: 'button' } });
      confirming(remove, 'Sure? Delete', () => step(remove, 'The draft was not deleted', async () => {
        await this.calls.remove(poll.id);
        this.known.remove(poll.id);
        this.render();
      }));
      actions.append(open, remove);
    } else if (poll.status === 'open') {
      const close = el('button', { className: 'poll-close', text: 'Close the poll', attrs: { type: 'button' } });
      confirming(close, 'Sure? Close', () => step(close, 'The poll was not closed', async () => {
        this.known.merge(await this.calls.close(poll.id));
        this.render();
      }));
      actions.append(close);
    }
    let voters = null;
    if (!poll.anonymous && poll.status !== 'draft') {
      const shown = this.votersShown.has(String(poll.id));
      const who = el('button', { className: 'link', text: shown ? 'Hide who voted' : 'Who voted', attrs: { type: 'button' } });
      who.addEventListener('click', () => {
        if (shown) this.votersShown.delete(String(poll.id));
        else this.votersShown.add(String(poll.id));
        this.renderPoll(poll);
      });
      actions.append(who);
      if (shown) voters = this.votersOf(poll);
    }
    return el('li', { className: 'poll-card', attrs: { 'data-poll-id': poll.id, 'data-status': poll.status } },
      el('div', { className: 'meta' },
        el('span', { className: `badge poll-status ${poll.status}`, text: poll.status }),
        el('span', { className: 'poll-summary', text: summary(poll) })),
      el('p', { className: 'poll-question', text: poll.question }),
      resultBars(poll),
      actions,
      voters);
  }

  /** Who chose each option, read into `box` (a new one unless given: one shown is refilled in place). */
  votersOf(poll, box = el('div', { className: 'poll-voters', text: 'Reading…' })) {
    this.calls.voters(poll.id).then(({ options }) => {
      box.replaceChildren(...options.map((option) => el('p', {},
        el('strong', { text: `${option.label}: ` }),
        document.createTextNode(option.voters.length > 0 ? option.voters.map((v) => v.displayName).join(', ') : 'nobody'))));
    }, (error) => {
      box.textContent = fromServer(error.message);
    });
    return box;
  }
}
