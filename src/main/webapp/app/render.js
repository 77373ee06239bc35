// DOM building shared by the viewer room and the host console. Everything a user wrote goes in through
// textContent or a checked attribute, never as markup: a message `<img src=x onerror=alert(1)>` shows
// exactly those characters.

/** Creates an element; `text` becomes its textContent, `attrs` plain attributes (not event handlers). */
export function el(tag, { className, text, attrs } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/** An address fit for an <img>: http(s), a path on this site, or a data: image; anything else is dropped. */
export function safeImageUrl(value) {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    const url = new URL(value.trim(), location.href);
    if (url.protocol === 'data:') return /^data:image\/[a-z0-9.+-]+[;,]/i.test(url.href) ? url.href : null;
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A round picture, or the name's first letter when there is no usable picture (or it fails to load). */
export function avatar(url, name, className = 'avatar') {
  const initial = el('span', { className: `${className} initial`, text: initialOf(name), attrs: { 'aria-hidden': 'true' } });
  const src = safeImageUrl(url);
  if (!src) return initial;
  const img = el('img', { className, attrs: { alt: '', referrerpolicy: 'no-referrer', loading: 'lazy', decoding: 'async' } });
  img.addEventListener('error', () => img.replaceWith(initial), { once: true });
  img.src = src;
  return img;
}

function initialOf(name) {
  const first = Array.from(String(name ?? '').trim())[0];
  return first ? first.toUpperCase() : '?';
}

/**
 * A chat item with its content read: questions and answers carry JSON text in `content`. An item whose
 * content cannot be read is shown as a plain message rather than dropped.
 */
export function readItem(item) {
  if (item.type === 'question' || item.type === 'answer') {
    try {
      const body = typeof item.content === 'string' ? JSON.parse(item.content) : item.content;
      if (body && typeof body === 'object') return { ...item, body };
    } catch {
      // fall through
    }
    return { ...item, type: 'message', body: null };
  }
  return { ...item, body: null };
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

export function timeOf(createdat) {
  const date = new Date(createdat);
  return Number.isNaN(date.getTime()) ? '' : timeFormat.format(date);
}

/** A moment in the reader's own zone and language: the time alone today, with the day otherwise. */
export function momentOf(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toDateString() === new Date().toDateString() ? timeFormat.format(date) : dateTimeFormat.format(date);
}

const ISO_MOMENT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;

/**
 * A server's message as the page shows it: a sentence, with each moment in it (the server writes them in its own
 * zone, as ISO-8601) in the reader's zone and language.
 */
export function fromServer(msg) {
  const text = String(msg ?? '').replace(ISO_MOMENT, (iso) => momentOf(iso) || iso).trim();
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/** A user's text shortened for a notice: the start of it, never the whole of a long paste. */
export function excerpt(text, length = 40) {
  const chars = Array.from(String(text ?? '').replace(/\s+/g, ' ').trim());
  return chars.length <= length ? chars.join('') : `${chars.slice(0, length - 1).join('')}…`;
}

/**
 * One chat item as a list entry.
 * @param {object} item   a chat item as readItem() returns it
 * @param {object} room   {hostId, me}: the host's messages get a badge, the viewer's own are set apart
 */
export function itemView(item, room = {}) {
  const time = el('time', { className: 'time', text: timeOf(item.createdat), attrs: { datetime: item.createdat } });
  const li = el('li', { className: `item ${item.type}`, attrs: { 'data-id': item.id, 'data-seq': item.seq } });
  if (room.me !== undefined && item.type !== 'answer' && String(item.user) === String(room.me)) li.classList.add('mine');
  if (item.type === 'answer') {
    const a = item.body;
    li.dataset.questionId = a.questionId;
    li.append(
      avatar(a.orgLogo, a.orgName),
      el('div', { className: 'bubble' },
        el('div', { className: 'meta' },
          el('span', { className: 'name', text: a.orgName }),
          el('span', { className: 'replies', text: ' replied to ' }),
          el('span', { className: 'asker', text: item.displayName }),
          time),
        el('blockquote', { className: 'quoted', text: a.question }),
        el('p', { className: 'text', text: a.answer })));
    return li;
  }
  const meta = el('div', { className: 'meta' }, el('span', { className: 'name', text: item.displayName }));
  if (room.hostId !== undefined && String(item.user) === String(room.hostId)) {
    meta.append(el('span', { className: 'badge host', text: 'host' }));
  }
  meta.append(time);
  const bubble = el('div', { className: 'bubble' }, meta);
  if (item.type === 'question') {
    li.dataset.questionId = item.body.id;
    bubble.append(el('p', { className: 'text' },
      el('span', { className: 'badge question', text: 'Q', attrs: { title: 'question' } }),
      document.createTextNode(String(item.body.content ?? ''))));
  } else {
    bubble.append(el('p', { className: 'text', text: item.content }));
  }
  li.append(avatar(item.avatarurl, item.displayName), bubble);
  return li;
}

/**
 * The highlighted question (a QuestionView) as a card: who asked, the question, and its answer once it has one.
 * `null` empties and hides the card.
 */
export function showHighlight(node, question) {
  node.hidden = !question;
  if (!question) {
    node.replaceChildren();
    delete node.dataset.questionId;
    return;
  }
  node.dataset.questionId = question.id;
  const asker = question.asker ?? {};
  node.replaceChildren(
    el('div', { className: 'meta' },
      el('span', { className: 'label', text: 'Highlighted question' }),
      avatar(asker.avatarUrl, asker.displayName, 'avatar small'),
      el('span', { className: 'name', text: asker.displayName })),
    el('p', { className: 'text', text: question.content }),
    // replaceChildren would show a null as the text "null"
    ...(question.answer ? [el('p', { className: 'answer-text' }, el('strong', { text: 'Answer: ' }),
      document.createTextNode(question.answer))] : []));
}

/** The room's rules that a viewer should know of: closed, slow mode. */
export function roomNotice({ closed, slowModeSeconds }) {
  if (closed) return 'The room is closed: it takes no new messages or questions.';
  if (slowModeSeconds > 0) return `Slow mode: one message every ${slowModeSeconds} s.`;
  return '';
}

/** Shows the connection's state in a small pill; `detail` is the connection's state event. */
export function showState(node, { state, retryInMs, restart }) {
  const labels = {
    connecting: 'Connecting…',
    joining: 'Joining…',
    live: 'Live',
    waiting: restart ? `Server restarting, back in ${Math.max(1, Math.round(retryInMs / 1000))} s`
      : retryInMs > 1000 ? `Offline, retrying in ${Math.round(retryInMs / 1000)} s` : 'Offline, retrying…',
    stopped: 'Disconnected',
    shut: 'Not in the room',
    unauthorized: 'Signed out',
  };
  node.textContent = labels[state] ?? state;
  node.dataset.state = state;
}

/**
 * A short-lived notice (the server's refusals, failed requests). `key`: a notice with the same key is replaced, not
 * stacked, so a burst of the same refusal shows once. `action`: {label, run} adds a button (an undo).
 */
export function notify(text, kind = 'error', { key, action, ms = 8000 } = {}) {
  let box = document.getElementById('notices');
  if (!box) {
    box = el('div', { attrs: { id: 'notices', role: 'status', 'aria-live': 'polite' } });
    document.body.append(box);
  }
  const earlier = key ? [...box.children].find((n) => n.dataset.key === key) : null;
  const note = el('div', { className: `notice ${kind}`, attrs: { 'data-key': key } }, el('span', { className: 'words', text }));
  if (action) {
    const button = el('button', { className: 'action', text: action.label, attrs: { type: 'button' } });
    button.addEventListener('click', () => {
      note.remove();
      action.run();
    });
    note.append(button);
  }
  const close = el('button', { className: 'dismiss', text: '×', attrs: { type: 'button', 'aria-label': 'dismiss' } });
  close.addEventListener('click', () => note.remove());
  note.append(close);
  if (earlier) {
    clearTimeout(Number(earlier.dataset.timer));
    earlier.replaceWith(note);
  } else {
    box.append(note);
  }
  note.dataset.timer = String(setTimeout(() => note.remove(), ms));
  return note;
}

/** Takes away the notice with that key, if it is still shown. */
export function unnotify(key) {
  document.getElementById('notices')?.querySelector(`[data-key="${CSS.escape(key)}"]`)?.remove();
}

/**
 * A button whose action is hard to take back asks once more: the first click turns it into "Sure? …", a second
 * click within a few seconds runs it; otherwise it goes back to what it was.
 */
export function confirming(button, question, action) {
  const label = button.textContent;
  let armed = null;
  button.addEventListener('click', () => {
    if (!armed) {
      button.textContent = question;
      button.classList.add('confirm');
      armed = setTimeout(() => {
        armed = null;
        button.textContent = label;
        button.classList.remove('confirm');
      }, 4000);
      return;
    }
    clearTimeout(armed);
    armed = null;
    button.textContent = label;
    button.classList.remove('confirm');
    action();
  });
}

/** Runs a step the server may refuse; a refusal is shown, and the button is usable again afterwards. */
export async function step(button, what, action) {
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (error) {
    notify(`${what}: ${fromServer(error.message)}`);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}
