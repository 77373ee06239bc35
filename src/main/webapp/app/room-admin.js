// The host console's side sections beside the questions: the room's moderators (the host appoints and removes
// them), its blocked terms and what a message with one meets (refused or masked), and the audit log (the host's
// alone). The tabs switch between the questions and these sections.
import { ROLES, SETTINGS } from './codes.js';
import { avatar, confirming, el, fromServer, momentOf, notify, step } from './render.js';

const $ = (id) => document.getElementById(id);
const AUDIT_PAGE = 30;

/** What each audit action says, given the names the console knows. */
const ACTIONS = {
  'moderator.appoint': (e, who) => `appointed ${who} moderator`,
  'moderator.remove': (e, who) => `removed ${who} as moderator`,
  'item.delete': (e) => `deleted a ${e.detail?.type ?? 'chat'} item${e.detail?.content ? ` (“${String(e.detail.content).slice(0, 60)}”)` : ''}`,
  'user.mute': (e, who) => `muted ${who}${e.detail?.until ? ` until ${momentOf(e.detail.until)}` : ''}${e.detail?.reason ? ` (${e.detail.reason})` : ''}`,
  'user.unmute': (e, who) => `unmuted ${who}`,
  'user.ban': (e, who) => `banned ${who}${e.detail?.reason ? ` (${e.detail.reason})` : ''}`,
  'user.unban': (e, who) => `unbanned ${who}`,
  'room.close': () => 'closed the room',
  'room.reopen': () => 'reopened the room',
  'room.slow-mode': (e) => (Number(e.detail?.to) > 0 ? `set slow mode to ${e.detail.to} s` : 'turned slow mode off'),
  'room.terms-mode': (e) => `set blocked terms to be ${e.detail?.to === 'mask' ? 'masked' : 'refused'}`,
  'term.add': (e) => `blocked the term “${e.detail?.term ?? ''}”`,
  'term.remove': (e) => `unblocked the term “${e.detail?.term ?? ''}”`,
  'pin.set': (e) => `pinned “${String(e.detail?.text ?? '').slice(0, 60)}”${e.detail?.until ? ` until ${momentOf(e.detail.until)}` : ''}`,
  'pin.remove': (e) => `took down the pin “${String(e.detail?.text ?? '').slice(0, 60)}”`,
};

export class RoomAdmin {
  /**
   * @param {object} options
   * @param {import('./api.js').Api} options.api
   * @param {object} options.stream
   * @param {boolean} options.host        the stream's host: moderators and the audit log are theirs
   * @param {boolean} options.moderator   the host or a moderator: blocked terms
   * @param {(userId) => string|undefined} options.nameOf  a user's name, as the console has seen it
   */
  constructor({ api, stream, host, moderator, nameOf }) {
    Object.assign(this, { api, stream, host, nameOf });
    this.auditPage = 0;
    for (const tab of $('section-tabs').querySelectorAll('button')) {
      tab.addEventListener('click', () => this.open(tab.dataset.section));
    }
    $('terms-mode').addEventListener('change', () => step($('terms-mode'), 'The blocked-terms mode was not changed',
      async () => this.showMode(await api.roomSettings(stream.id, { blockedTermsMode: $('terms-mode').value }))));
    $('term-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const term = $('term').value.trim();
      if (!term) return;
      step(event.submitter, 'The term was not blocked', async () => {
        await api.addTerm(stream.id, term);
        $('term').value = '';
        await this.loadTerms();
      });
    });
    $('audit-more').addEventListener('click', () => this.loadAudit(false));
    this.enable(moderator);
  }

  enable(moderator) {
    this.moderator = moderator;
    const shown = { 'team-section': this.host, 'terms-section': moderator, 'audit-section': this.host };
    for (const tab of $('section-tabs').querySelectorAll('button')) {
      if (tab.dataset.section in shown) tab.hidden = !shown[tab.dataset.section];
    }
    const current = $('section-tabs').querySelector('[aria-selected=true]');
    if (current.hidden) this.open('questions-section');
    $('section-tabs').hidden = !moderator;
  }

  open(section) {
    for (const tab of $('section-tabs').querySelectorAll('button')) {
      const on = tab.dataset.section === section;
      tab.setAttribute('aria-selected', String(on));
      $(tab.dataset.section).hidden = !on;
    }
    if (section === 'team-section') this.loadModerators();
    if (section === 'terms-section') this.loadTerms();
    if (section === 'audit-section') this.loadAudit(true);
  }

  /** Read again what the open section shows (after a join, or after a change made elsewhere). */
  reload() {
    const open = $('section-tabs').querySelector('[aria-selected=true]')?.dataset.section;
    if (open && open !== 'questions-section') this.open(open);
    if (this.moderator) this.api.roomSettings(this.stream.id).then((s) => this.showMode(s), () => {});
  }

  event({ code, data }) {
    if (code === SETTINGS) this.showMode(data);
    if (code === ROLES && !$('team-section').hidden) this.loadModerators();
    if (code >= 210 && code <= 219 && !$('audit-section').hidden) this.loadAudit(true);
  }

  showMode({ blockedTermsMode }) {
    if (blockedTermsMode && document.activeElement !== $('terms-mode')) $('terms-mode').value = blockedTermsMode;
  }

  /** The host appoints a viewer from the chat. */
  async appoint(userId, name) {
    await this.api.appoint(this.stream.id, userId);
    notify(`${name} is now a moderator of this room.`, 'info', {
      action: { label: 'Undo', run: () => step(null, 'The moderator was not removed', () => this.remove(userId)) },
    });
    if (!$('team-section').hidden) await this.loadModerators();
  }

  async remove(userId) {
    await this.api.removeModerator(this.stream.id, userId);
    await this.loadModerators();
  }

  async loadModerators() {
    try {
      const moderators = await this.api.moderators(this.stream.id);
      $('no-moderators').hidden = moderators.length > 0;
      $('moderators').replaceChildren(...moderators.map((m) => {
        const remove = el('button', { className: 'link', text: 'Remove', attrs: { type: 'button', 'aria-label': `remove ${m.displayName}` } });
        confirming(remove, 'Remove? Click again', () => step(remove, 'The moderator was not removed', () => this.remove(m.userId)));
        return el('li', { attrs: { 'data-user': m.userId } }, avatar(m.avatarUrl, m.displayName, 'avatar small'),
          el('span', { className: 'name', text: m.displayName }),
          el('span', { className: 'time', text: `since ${momentOf(m.appointedAt)}` }), remove);
      }));
    } catch (error) {
      notify(`The moderators could not be read: ${fromServer(error.message)}`);
    }
  }

  async loadTerms() {
    try {
      const { room, global } = await this.api.blockedTerms(this.stream.id);
      $('no-terms').hidden = room.length > 0;
      $('terms').replaceChildren(...room.map((t) => {
        const remove = el('button', { className: 'link', text: '×', attrs: { type: 'button', 'aria-label': `unblock ${t.term}` } });
        remove.addEventListener('click', () => step(remove, 'The term was not unblocked', async () => {
          await this.api.removeTerm(this.stream.id, t.id);
          await this.loadTerms();
        }));
        return el('li', { attrs: { 'data-term-id': t.id } }, el('span', { text: t.term }), remove);
      }));
      $('global-terms').hidden = global.length === 0;
      $('global-terms').textContent = `Blocked on every room of this server: ${global.join(', ')}.`;
    } catch (error) {
      notify(`The blocked terms could not be read: ${fromServer(error.message)}`);
    }
  }

  async loadAudit(fromStart) {
    const page = fromStart ? 1 : this.auditPage + 1;
    try {
      const { items, total } = await this.api.audit(this.stream.id, page, AUDIT_PAGE);
      this.auditPage = page;
      const rows = items.map((e) => {
        const who = e.targetUser != null ? (this.nameOf(e.targetUser) ?? `user ${e.targetUser}`) : '';
        const says = (ACTIONS[e.action] ?? (() => e.action))(e, who);
        return el('li', { attrs: { 'data-action': e.action } },
          el('time', { className: 'time', text: momentOf(e.createdAt), attrs: { datetime: e.createdAt } }),
          el('span', { className: 'name', text: e.actorName }), document.createTextNode(` ${says}`));
      });
      if (fromStart) $('audit').replaceChildren(...rows);
      else $('audit').append(...rows);
      if (total === 0) $('audit').replaceChildren(el('li', { className: 'hint', text: 'Nothing yet.' }));
      $('audit-more').hidden = page * AUDIT_PAGE >= total;
    } catch (error) {
      notify(`The audit log could not be read: ${fromServer(error.message)}`);
    }
  }
}
