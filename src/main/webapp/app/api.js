// The REST calls the web pages make, and the signed-in guest kept in localStorage.
// Every call answers the body's `data`, or throws an ApiError carrying the server's {code, msg}.

import { OK, UNAUTHORIZED } from './codes.js';

const SESSION_KEY = 'liveroom.session';

export class ApiError extends Error {
  constructor(code, msg) {
    super(msg);
    this.code = code;
  }

  /** True when the request never got an answer (offline, server down): worth trying again later. */
  get unreachable() {
    return this.code === 0;
  }
}

export class Api {
  constructor(base = new URL('/', location.href)) {
    this.base = base;
    this.session = loadSession();
    this.onUnauthorized = () => {};
  }

  get token() {
    return this.session?.token ?? null;
  }

  get user() {
    return this.session?.user ?? null;
  }

  async signInAsGuest(displayName, avatarUrl) {
    const data = await this.call('POST', 'api/auth/guest', { displayName, avatarUrl });
    this.session = { token: data.token, user: data.user };
    localStorage.setItem(SESSION_KEY, JSON.stringify(this.session));
    return this.session.user;
  }

  signOut() {
    this.session = null;
    localStorage.removeItem(SESSION_KEY);
  }

  createStream({ title, orgName, orgLogo }) {
    return this.call('POST', 'api/streams', { title, orgName, orgLogo });
  }

  stream(id) {
    return this.call('GET', streamPath(id));
  }

  /**
   * A slice of a room's history, items oldest to newest: by page ({page, perPage, type}, page 1 the newest) or
   * by position ({after, limit}: the items after that seq; {before, limit}: the newest items before it).
   */
  history(streamId, { page = 1, perPage = 50, type = '', after, before, limit } = {}) {
    const query = new URLSearchParams({ stream: streamId });
    if (after !== undefined) query.set('after', after);
    if (before !== undefined) query.set('before', before);
    if (after !== undefined || before !== undefined) {
      if (limit !== undefined) query.set('limit', limit);
    } else {
      query.set('page', page);
      query.set('resultsPerPage', perPage);
      query.set('type', type);
    }
    return this.call('GET', `api/message/chatmsg?${query}`);
  }

  /** Asks; `anonymous` goes out only when true, so a room that does not allow it never sees the field. */
  ask(streamId, content, { anonymous = false } = {}) {
    return this.call('POST', 'api/question/add', { content, streamId: String(streamId), ...(anonymous ? { anonymous } : {}) });
  }

  answer(questionId, answer) {
    return this.call('POST', `${question(questionId)}/answer`, { answer });
  }

  // ---- the question board ----

  /** {items, total}: `state` '' (all the reader may see), one state or a comma list; `sort` votes | newest | oldest. */
  questions(streamId, { state = '', sort = 'votes', perPage = 1000 } = {}) {
    const query = new URLSearchParams({ stream: streamId, state, sort, page: 1, resultsPerPage: perPage });
    return this.call('GET', `api/question?${query}`);
  }

  /** {votes, voted}: `up` votes, otherwise takes the vote back. */
  vote(questionId, up) {
    return this.call(up ? 'PUT' : 'DELETE', `${question(questionId)}/vote`);
  }

  approve(questionId) {
    return this.call('POST', `${question(questionId)}/approve`);
  }

  dismiss(questionId) {
    return this.call('POST', `${question(questionId)}/dismiss`);
  }

  highlight(questionId) {
    return this.call('POST', `${question(questionId)}/highlight`);
  }

  clearHighlight(streamId) {
    return this.call('DELETE', `api/question/highlight?${new URLSearchParams({ stream: streamId })}`);
  }

  /** {stream, question?} */
  highlighted(streamId) {
    return this.call('GET', `api/question/highlight?${new URLSearchParams({ stream: streamId })}`);
  }

  /** {holdForReview, allowAnonymous}; with `change`, sets the ones given. */
  questionSettings(streamId, change) {
    const path = `api/question/settings?${new URLSearchParams({ stream: streamId })}`;
    return change ? this.call('PUT', path, change) : this.call('GET', path);
  }

  // ---- moderation ----

  /** The room's moderators; refused (FORBIDDEN) to anyone but the host and the moderators themselves. */
  moderators(streamId) {
    return this.call('GET', `${streamPath(streamId)}/moderators`);
  }

  appoint(streamId, userId) {
    return this.call('PUT', `${streamPath(streamId)}/moderators/${encodeURIComponent(userId)}`);
  }

  removeModerator(streamId, userId) {
    return this.call('DELETE', `${streamPath(streamId)}/moderators/${encodeURIComponent(userId)}`);
  }

  /** {room: [{id, term}], global: [term]} */
  blockedTerms(streamId) {
    return this.call('GET', `${streamPath(streamId)}/blocked-terms`);
  }

  addTerm(streamId, term) {
    return this.call('POST', `${streamPath(streamId)}/blocked-terms`, { term });
  }

  removeTerm(streamId, termId) {
    return this.call('DELETE', `${streamPath(streamId)}/blocked-terms/${encodeURIComponent(termId)}`);
  }

  /** The host's audit log, newest first: {items, page, resultsPerPage, total}. */
  audit(streamId, page = 1, perPage = 30) {
    return this.call('GET', `${streamPath(streamId)}/audit?${new URLSearchParams({ page, resultsPerPage: perPage })}`);
  }

  deleteItem(streamId, itemId) {
    return this.call('DELETE', `${streamPath(streamId)}/items/${encodeURIComponent(itemId)}`);
  }

  mute(streamId, userId, seconds) {
    return this.call('PUT', `${streamPath(streamId)}/mutes/${encodeURIComponent(userId)}`, { seconds });
  }

  ban(streamId, userId) {
    return this.call('PUT', `${streamPath(streamId)}/bans/${encodeURIComponent(userId)}`, {});
  }

  /** The mutes or bans in force ({kind} 'mute' or 'ban'): [{userId, displayName, kind, until?, reason?}]. */
  sanctions(streamId, kind) {
    return this.call('GET', `${streamPath(streamId)}/${kind}s`);
  }

  lift(streamId, kind, userId) {
    return this.call('DELETE', `${streamPath(streamId)}/${kind}s/${encodeURIComponent(userId)}`);
  }

  /** {closed, slowModeSeconds, blockedTermsMode}; with `change`, sets the ones given. */
  roomSettings(streamId, change) {
    const path = `${streamPath(streamId)}/settings`;
    return change ? this.call('PUT', path, change) : this.call('GET', path);
  }

  closeRoom(streamId, closed) {
    return this.call('POST', `${streamPath(streamId)}/${closed ? 'close' : 'reopen'}`);
  }

  /** ws(s)://host/ws?token=…: a browser cannot put the token in a header. */
  socketUrl() {
    const url = new URL('ws', this.base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', this.token ?? '');
    return url.toString();
  }

  async call(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(new URL(path, this.base), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'The server cannot be reached.');
    }
    let reply = null;
    try {
      reply = await response.json();
    } catch {
      // not JSON: an error page from the container or a proxy
    }
    if (!response.ok || !reply || reply.code !== OK) {
      const code = reply?.code ?? response.status;
      const error = new ApiError(code, reply?.msg ?? `The server answered ${response.status}.`);
      if (code === UNAUTHORIZED) this.onUnauthorized(error);
      throw error;
    }
    return reply.data;
  }
}

function question(id) {
  return `api/question/${encodeURIComponent(id)}`;
}

function streamPath(id) {
  return `api/streams/${encodeURIComponent(id)}`;
}

/** The stored guest, unless its token has expired (the token's payload says when; the server checks it anyway). */
function loadSession() {
  try {
    const session = JSON.parse(localStorage.getItem(SESSION_KEY));
    if (!session?.token || !session.user) return null;
    const payload = JSON.parse(atob(session.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof payload.exp === 'number' && payload.exp * 1000 <= Date.now()) return null;
    return session;
  } catch {
    return null;
  }
}
