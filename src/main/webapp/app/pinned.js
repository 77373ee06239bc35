// The pinned announcement: one text the host or a moderator pins above the chat, for a while or until taken down.
// Every page shows it in a banner (PinnedBanner); the host console also pins, replaces and takes it down
// (PinControls). The server says what is pinned in event 260 `{stream, topic, version, pin}` (pin null: nothing),
// after every change and right after each (re)join's 201 when something is pinned; a higher version is newer.
import { PINNED } from './codes.js';
import { el, notify, timeOf } from './render.js';

const DURATIONS = [
  [30, '30 seconds'], [60, '1 minute'], [300, '5 minutes'], [600, '10 minutes'], [900, '15 minutes'],
  [1800, '30 minutes'], [3600, '1 hour'], ['', 'until unpinned'],
];

/** The banner at the top of a room: what is pinned, by whom, and when it ends; hidden when nothing is. */
export class PinnedBanner {
  /**
   * @param {HTMLElement} node the banner's element
   * @param {{unpin?: () => Promise<unknown>, mayUnpin?: () => boolean}} [options] `unpin`: offer a button that takes
   *   the pin down, while `mayUnpin` says so
   */
  constructor(node, { unpin, mayUnpin = () => true } = {}) {
    this.node = node;
    this.unpin = unpin;
    this.mayUnpin = mayUnpin;
    this.version = -1;
    this.pin = null;
    this.ticker = null;
  }

  /** A word from the server (event 260 or a REST answer); an older one than shown is passed over. */
  show(state) {
    if (!state || typeof state.version !== 'number' || state.version < this.version) return;
    this.version = state.version;
    this.render(state.pin ?? null);
  }

  /**
   * The socket (re)joined: what was pinned may have changed while it was away, and the server says what is pinned
   * right after the 201, saying nothing when nothing is. So the banner forgets, and the next word shows.
   */
  rejoined() {
    this.version = -1;
    this.render(null);
  }

  render(pin) {
    clearInterval(this.ticker);
    this.ticker = null;
    this.pin = pin;
    const node = this.node;
    node.hidden = !pin;
    if (!pin) {
      node.replaceChildren();
      return;
    }
    const ends = el('span', { className: 'ends' });
    const text = el('p', { className: 'text', text: pin.text });
    const more = el('button', { className: 'link more', text: 'more', attrs: { type: 'button', 'aria-expanded': 'false' } });
    more.addEventListener('click', () => {
      const open = node.classList.toggle('open');
      more.textContent = open ? 'less' : 'more';
      more.setAttribute('aria-expanded', String(open));
    });
    node.classList.remove('open');
    const head = el('div', { className: 'meta' },
      el('span', { className: 'label', text: 'Pinned' }),
      el('span', { className: 'name', text: pin.author?.displayName ?? '' }),
      ends);
    if (this.unpin && this.mayUnpin()) {
      const button = el('button', { className: 'link unpin', text: 'Unpin', attrs: { type: 'button' } });
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          this.show(await this.unpin());
        } catch (error) {
          notify(`The pin was not taken down: ${error.message}`);
        } finally {
          button.disabled = false;
        }
      });
      head.append(button);
    }
    node.replaceChildren(head, text, more);
    // "more" only when the text is cut short
    requestAnimationFrame(() => { more.hidden = text.scrollHeight <= text.clientHeight + 1 && !node.classList.contains('open'); });
    const until = pin.until ? Date.parse(pin.until) : NaN;
    if (Number.isNaN(until)) return;
    const tick = () => {
      const left = until - Date.now();
      if (left <= 0) {
        // the server says so too; this keeps a page that lost its socket from showing it on
        this.render(null);
        return;
      }
      ends.textContent = left < 120_000 ? `ends in ${clock(left)}` : `until ${timeOf(until)}`;
    };
    tick();
    this.ticker = setInterval(tick, 1000);
  }
}

/** Keeps a banner in step with a LiveRoom: cleared on every (re)join, set by each 260. */
export function followPin(room, banner) {
  room.connection.addEventListener('joined', () => banner.rejoined());
  room.addEventListener('event', (e) => {
    if (e.detail.code === PINNED) banner.show(e.detail.data);
  });
}

/**
 * The host console's pin form (a new text, for a duration), and "Pin" on chat items, for the host and moderators.
 * `enable(on)` follows the user's role.
 */
export class PinControls {
  constructor({ api, stream, banner, form, enabled }) {
    this.api = api;
    this.stream = stream;
    this.banner = banner;
    this.form = form;
    const durations = form.querySelector('select');
    durations.replaceChildren(...DURATIONS.map(([value, label]) => el('option', { text: label, attrs: { value } })));
    durations.value = '';
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const input = form.querySelector('textarea, input');
      const text = input.value.trim();
      if (!text) {
        notify('Write what to pin.');
        return;
      }
      if (await this.pin({ text })) input.value = '';
    });
    this.enable(enabled);
  }

  enable(on) {
    this.enabled = on;
    this.form.hidden = !on;
    this.banner.render(this.banner.pin);
  }

  seconds() {
    const value = this.form.querySelector('select').value;
    return value === '' ? null : Number(value);
  }

  /** Pins `{text}` or `{itemId}` for the chosen duration; whether it was pinned. */
  async pin(what) {
    const button = this.form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      this.banner.show(await this.api.call('PUT', `api/streams/${encodeURIComponent(this.stream.id)}/pin`,
        { ...what, seconds: this.seconds() }));
      return true;
    } catch (error) {
      notify(`Not pinned: ${error.message}`);
      return false;
    } finally {
      button.disabled = false;
    }
  }

  unpin() {
    return this.api.call('DELETE', `api/streams/${encodeURIComponent(this.stream.id)}/pin`);
  }

  /** "Pin" among a chat item's tools, given the tools' own way of making a button. */
  itemTool(item, button) {
    button('pin this item above the chat', 'Pin', () => this.pin({ itemId: item.id }));
  }
}

function clock(ms) {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
