// The host console's moderation of the chat: delete an item, mute or ban its author, lift a mute or ban; slow
// mode; the chat budget (viewers' messages each member is shown per second); close and reopen the room. For the host and the stream's moderators: a user appointed or removed while
// the console is open gains or loses them at once (enable).
import { CLOSED, SETTINGS } from './codes.js';
import { confirming, el, momentOf, notify, step } from './render.js';

const $ = (id) => document.getElementById(id);

/** Mutes and bans are not pushed to moderators: the list is read on joining and after each change made here. */
export class RoomControls {
  /**
   * @param {object} options
   * @param {import('./api.js').Api} options.api
   * @param {object} options.stream   the stream as GET /api/streams/{id} gives it
   * @param {boolean} options.enabled  whether this user runs the room
   * @param {(userId, name) => Promise} [options.appoint]  the host's: makes the author of an item a moderator
   */
  constructor({ api, stream, enabled, appoint, moreTools }) {
    this.api = api;
    this.stream = stream;
    this.appoint = appoint;
    this.names = new Map(); // user id -> the name last seen on one of their items
    this.enabled = false;
    this.moreTools = moreTools; // (item, button) => void: other components' buttons among an item's tools
    this.entries = new Map(); // item id -> {item, node}: every chat entry, so its tools can come and go with the role
    $('slow-mode-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const seconds = Number($('slow-mode').value);
      step(event.submitter, 'Slow mode was not changed', async () => {
        this.show(await api.roomSettings(stream.id, { slowModeSeconds: seconds }));
        notify(seconds > 0 ? `Slow mode: one message every ${seconds} s.` : 'Slow mode is off.', 'info');
      });
    });
    $('chat-budget-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const perSecond = Number($('chat-budget').value);
      step(event.submitter, 'The chat budget was not changed', async () => {
        this.show(await api.roomSettings(stream.id, { chatBudget: perSecond }));
        notify(perSecond > 0 ? `Each viewer is shown at most ${perSecond} messages a second; the rest stay in history.`
          : 'Every viewer is shown every message.', 'info');
      });
    });
    $('close-room').addEventListener('click', (event) => {
      const close = $('close-room').dataset.closed !== 'true';
      step(event.target, close ? 'The room was not closed' : 'The room was not reopened',
        async () => this.show(await api.closeRoom(stream.id, close)));
    });
    this.enable(enabled);
  }

  /** Shows or hides the controls and every chat item's tools; the settings and sanctions come with reload(). */
  enable(on) {
    this.enabled = on;
    $('room-controls').hidden = !on;
    for (const [id, { item, node }] of this.entries) {
      if (!node.isConnected) {
        this.entries.delete(id); // the item was deleted, or the list was read again
        continue;
      }
      node.querySelector('.item-tools')?.remove();
      if (on) this.addTools(item, node);
    }
  }

  async reload() {
    if (!this.enabled) return;
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
        const what = s.kind === 'ban' ? 'banned' : `muted until ${momentOf(s.until)}`;
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
    if (code === CLOSED || code === SETTINGS) this.show(data);
  }

  show({ closed, slowModeSeconds, chatBudget }) {
    if (typeof closed === 'boolean') {
      $('close-room').dataset.closed = String(closed);
      $('close-room').textContent = closed ? 'Reopen the room' : 'Close the room';
    }
    if (typeof slowModeSeconds === 'number' && document.activeElement !== $('slow-mode')) {
      $('slow-mode').value = slowModeSeconds;
    }
    if (typeof chatBudget === 'number' && document.activeElement !== $('chat-budget')) {
      $('chat-budget').value = chatBudget;
    }
  }

  /** Every chat item as the room adds it: it gets its tools while this user runs the room. */
  itemTools(item, node) {
    this.entries.set(item.id, { item, node });
    if (this.enabled) this.addTools(item, node);
  }

  /**
   * Buttons on a chat item: delete it; mute, ban or (the host) appoint a viewer who wrote it (not the host, nor an
   * anonymous asker). Deleting and banning ask once more; a mute or ban can be undone from its notice.
   */
  addTools(item, node) {
    const tools = el('div', { className: 'item-tools' });
    const button = (label, text, action, question) => {
      const b = el('button', { className: 'link', text, attrs: { type: 'button', 'aria-label': label } });
      const run = () => step(b, `${text} failed`, action);
      if (question) confirming(b, question, run);
      else b.addEventListener('click', run);
      tools.append(b);
    };
    const author = item.type === 'answer' ? null : item.user;
    if (author) this.names.set(String(author), item.displayName);
    button('delete this item', 'Delete', () => this.api.deleteItem(this.stream.id, item.id), 'Delete? Click again');
    const viewer = author && String(author) !== '0' && String(author) !== String(this.stream.hostId)
      && String(author) !== String(this.api.user?.id);
    if (viewer) {
      const name = item.displayName;
      button(`mute ${name}`, 'Mute', async () => {
        const minutes = Number($('mute-minutes').value);
        if (!Number.isInteger(minutes) || minutes < 1) throw new Error('give the minutes of the mute');
        await this.api.mute(this.stream.id, author, minutes * 60);
        notify(`${name} is muted for ${minutes} min.`, 'info', { action: this.undo('mute', author, 'The mute was not lifted') });
        await this.showSanctions();
      });
      button(`ban ${name}`, 'Ban', async () => {
        await this.api.ban(this.stream.id, author);
        notify(`${name} is banned from the room.`, 'info', { action: this.undo('ban', author, 'The ban was not lifted') });
        await this.showSanctions();
      }, 'Ban? Click again');
      if (this.appoint && String(this.stream.hostId) === String(this.api.user?.id)) {
        button(`make ${name} a moderator`, 'Make moderator', () => this.appoint(author, name));
      }
    }
    this.moreTools?.(item, button);
    node.querySelector('.bubble').append(tools);
  }

  undo(kind, userId, what) {
    return {
      label: 'Undo',
      run: () => step(null, what, async () => {
        await this.api.lift(this.stream.id, kind, userId);
        await this.showSanctions();
      }),
    };
  }

  nameOf(userId) {
    return this.names.get(String(userId));
  }
}
