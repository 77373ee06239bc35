// The composer both pages share: the text box, its buttons, a counter against the length limit, and a line that
// says what the room allows right now (closed, slow mode, muted, banned), with the buttons that cannot be used
// turned off. The line sits where the user types, so the rule is seen when it matters.
import { BANNED, CLOSED, FORBIDDEN, MUTED, SETTINGS } from './codes.js';
import { fromServer, momentOf } from './render.js';

/** Shown from this many characters on, so a long text is seen coming before it hits the limit. */
const COUNT_FROM = 0.8;

export class Composer {
  /**
   * @param {object} options
   * @param {HTMLFormElement} options.form
   * @param {HTMLInputElement|HTMLTextAreaElement} options.input
   * @param {HTMLElement} options.note      the line about the room's rules
   * @param {HTMLElement} options.counter   "n / max"
   * @param {number} options.maxLength      the server's limit (liveroom.chat.max-length)
   * @param {boolean} [options.exempt]      the host and moderators: slow mode and mutes do not apply to them
   * @param {(text: string, kind: string) => void} options.submit  kind is the submit button's value
   */
  constructor({ form, input, note, counter, maxLength, exempt = false, submit }) {
    Object.assign(this, { form, input, note, counter, maxLength, exempt });
    this.rules = { closed: false, slowModeSeconds: 0, mutedUntil: null, muteReason: null, banned: null };
    this.nextMessageAt = 0; // slow mode: the earliest moment the next message is accepted
    this.timer = null;
    input.addEventListener('input', () => this.render());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const kind = event.submitter?.value ?? 'message';
      const text = input.value.trim();
      if (!text) {
        this.warn('Type something first: a message of spaces only is not sent.');
        input.focus();
        return;
      }
      if (Array.from(text).length > this.maxLength) {
        this.warn(`That is ${Array.from(text).length - this.maxLength} characters too long: shorten it to ${this.maxLength}.`);
        return;
      }
      submit(text, kind);
      if (kind === 'message' && this.rules.slowModeSeconds > 0 && !this.exempt) {
        this.nextMessageAt = Date.now() + this.rules.slowModeSeconds * 1000;
      }
      input.value = '';
      input.focus();
      this.render();
    });
    this.render();
  }

  /** The room's settings as read on joining ({closed, slowModeSeconds}), or from an event. */
  settings({ closed, slowModeSeconds }) {
    if (typeof closed === 'boolean') this.rules.closed = closed;
    if (typeof slowModeSeconds === 'number') this.rules.slowModeSeconds = slowModeSeconds;
    this.render();
  }

  setExempt(on) {
    this.exempt = on;
    this.render();
  }

  /** A room event: closing, slow mode, this user's mute or ban. */
  event({ code, data }) {
    if (code === CLOSED || code === SETTINGS) this.settings(data ?? {});
    if (code === MUTED) this.muted(data?.until ?? null, data?.reason ?? null);
    if (code === BANNED) this.banned(data?.reason ? `You are banned from this room: ${data.reason}` : 'You are banned from this room');
  }

  /** A refusal of the server: a mute it names (the page may have opened after the mute) is shown here too. */
  refused({ code, msg }) {
    if (code !== FORBIDDEN) return;
    const mute = /muted in this room until (\S+?)(?::\s*(.*))?$/.exec(msg ?? '');
    if (mute) this.muted(mute[1], mute[2] ?? null);
  }

  muted(until, reason) {
    this.rules.mutedUntil = until && new Date(until).getTime() > Date.now() ? until : null;
    this.rules.muteReason = reason;
    this.render();
  }

  /** This user may not be in the room: the composer stays, turned off, and says why (`why`: the server's words). */
  banned(why) {
    this.rules.banned = why ?? '';
    this.render();
  }

  warn(text) {
    this.transient = text;
    this.render();
  }

  render() {
    clearTimeout(this.timer);
    this.timer = null;
    const now = Date.now();
    const { closed, slowModeSeconds, mutedUntil, muteReason, banned } = this.rules;
    const muted = mutedUntil && new Date(mutedUntil).getTime() > now && !this.exempt;
    // the countdown of slow mode ends with slow mode
    const wait = this.exempt || !(slowModeSeconds > 0) ? 0 : Math.ceil((this.nextMessageAt - now) / 1000);
    const length = Array.from(this.input.value).length;
    const over = length - this.maxLength;

    let line = '';
    let kind = 'info';
    if (banned !== null) {
      line = `${(banned || 'You are not in this room').replace(/[.\s]+$/, '')}. You can still read what was said, but not write.`;
      kind = 'blocked';
    } else if (closed) {
      line = 'The room is closed: it takes no new messages or questions.';
      kind = 'blocked';
    } else if (muted) {
      line = `You are muted until ${momentOf(mutedUntil)}${muteReason ? ` (${fromServer(muteReason)})` : ''}: you can read, but not write.`;
      kind = 'blocked';
    } else if (over > 0) {
      line = `${over} characters too long: the limit is ${this.maxLength}.`;
      kind = 'blocked';
    } else if (this.transient) {
      line = this.transient;
      kind = 'warn';
    } else if (slowModeSeconds > 0 && !this.exempt) {
      line = wait > 0 ? `Slow mode: you can send your next message in ${wait} s (questions can be asked now).`
        : `Slow mode: one message every ${slowModeSeconds} s.`;
    }
    this.transient = null;
    this.note.textContent = line;
    this.note.dataset.kind = kind;
    this.note.hidden = !line;

    const off = banned !== null || closed || muted;
    this.input.disabled = off;
    for (const button of this.form.querySelectorAll('button[type=submit]')) {
      button.disabled = off || over > 0 || (button.value === 'message' && wait > 0);
    }
    this.input.setAttribute('aria-invalid', String(over > 0));
    this.counter.textContent = `${length} / ${this.maxLength}`;
    this.counter.hidden = length < this.maxLength * COUNT_FROM;
    this.counter.dataset.over = String(over > 0);

    // a countdown or the end of a mute changes the line by itself
    const ends = [wait > 0 ? now + 1000 : 0, muted ? new Date(mutedUntil).getTime() - now + 50 + now : 0].filter((t) => t > 0);
    if (ends.length > 0) this.timer = setTimeout(() => this.render(), Math.max(50, Math.min(...ends) - now));
  }
}
