// One WebSocket to one room, kept alive: it joins, sends heartbeats, reconnects by itself with exponential
// backoff and full jitter, and holds what the user sends in an outbox until the server acknowledges it.
//
// Each outgoing message carries a clientMsgId, so sending it again after a reconnect (when its ack was lost
// with the old socket) or after an UNAVAILABLE is safe: the server stores a clientMsgId once.
//
// Events (all CustomEvent, payload in `detail`):
//   state   {state, retryInMs?, restart?}  connecting | joining | live | waiting | stopped | unauthorized;
//                                `restart` while waiting out the wait a stopping server named
//   joined  {topic, stream, epoch, seq, replayed, gone?}  after every (re)join; `gone` when the server could
//                                not replay what was missed (GONE): the page reads it from history
//   item    the chat item, its JSON text already parsed (content left as the server sent it)
//   outbox  {pending: [...], pausedUntil?}  messages not yet acknowledged; `pausedUntil` (ms since the epoch) while
//                                the server asked to wait (too fast, slow mode, busy)
//   refused {code, msg, content?, join?, retryInMs?}  an error frame from the server; `content` names the message it
//                                took out of the outbox when the refusal is final (sending it again would be refused
//                                again); `join` when the room refused to let this socket in (the connection has
//                                stopped); `retryInMs` when the outbox waits that long before it sends again
//
// The outbox sends one message at a time and the next once the server has acknowledged it: a refusal for being too
// fast then holds back everything behind it, so what the user typed arrives in the order it was typed, and the page
// hears one refusal per wait rather than one per message.
//
// A connection can die without closing (a network that went away silently): the server answers heartbeats with
// nothing, so a message that stays unacknowledged for `ackTimeoutMs` is taken as the sign, and so is the browser
// saying it is offline. The socket is then dropped and opened again; what was in flight is sent again, which the
// clientMsgId makes safe.
//
// Coming back without a herd: a server that stops closes its sockets with 1012 and a wait in the close reason, drawn
// at random for each socket, and the page waits exactly that (no focus or online event cuts it short); after that,
// and after any other loss, each attempt waits a random time between 0 and a cap that doubles (full jitter). A
// browser cannot read the status or Retry-After of a refused handshake (a busy server's 503): it sees a close, and
// backs off the same way.
//   like-refused {code, msg}     a like frame was refused (a closed room): no message of the outbox is concerned
//   event   {code, msg, data}    a room event (moderation, presence, the question board: FIRST_EVENT-LAST_EVENT)

import {
  ACK, BAD_REQUEST, CONFLICT, FIRST_EVENT, FORBIDDEN, FRAME, GONE, ITEM, JOINED, LAST_EVENT, NORMAL_CLOSURE, NOT_FOUND,
  SERVICE_RESTART, TOO_LARGE, TOO_MANY, TRY_AGAIN_LATER, UNAUTHORIZED, UNAVAILABLE,
} from './codes.js';

/** Refusals that sending the same message again would only repeat: closed room, muted or banned, blocked, too long. */
const FINAL = new Set([BAD_REQUEST, FORBIDDEN, CONFLICT, TOO_LARGE]);

export const DEFAULTS = Object.freeze({
  heartbeatMs: 5_000, // the server drops a socket that stays quiet for 30 s; the mini-program page beats every 5 s
  ackTimeoutMs: 6_000, // an acknowledgement takes milliseconds; this long without one, the connection is dead
  backoffBaseMs: 500,
  backoffMaxMs: 15_000,
  joinTimeoutMs: 10_000,
});

export class RoomConnection extends EventTarget {
  /**
   * @param {object} options
   * @param {() => string} options.url    the socket address (read on every attempt: the token may change)
   * @param {() => string} options.token  the token that goes into every frame
   * @param {string} options.topic        the room number
   * @param {() => ({since, epoch} | null)} [options.resumePoint]  what the page holds: the server replays
   *        what came after it on joining
   */
  constructor({ url, token, topic, resumePoint = () => null, ...settings }) {
    super();
    this.url = url;
    this.resumePoint = resumePoint;
    this.token = token;
    this.topic = String(topic);
    this.settings = { ...DEFAULTS, ...settings };
    this.state = 'stopped';
    this.socket = null;
    this.attempt = 0;
    this.timers = new Set();
    this.pending = []; // [{clientMsgId, content, sentOn}] in the order the user sent them
    this.generation = 0; // counts sockets, so a message is sent at most once per socket
    this.pausedUntil = 0; // the server asked to wait before the next message
    this.reconnectAfter = 0; // a stopping server asked to wait this long (ms since the epoch) before reconnecting
    this.onOnline = () => this.reconnectNow();
    this.onOffline = () => {
      if (this.state === 'live' || this.state === 'joining' || this.state === 'connecting') {
        this.dropSocket();
        this.lost();
      }
    };
    this.onVisible = () => {
      if (document.visibilityState === 'visible') this.reconnectNow();
    };
  }

  start() {
    if (this.state !== 'stopped' && this.state !== 'unauthorized') return;
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOffline);
    document.addEventListener('visibilitychange', this.onVisible);
    this.open();
  }

  stop() {
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOffline);
    document.removeEventListener('visibilitychange', this.onVisible);
    this.clearTimers();
    this.dropSocket();
    this.setState('stopped');
  }

  /** Sends `count` like taps in one frame while the room is live; false when it is not (the taps are not sent). */
  like(count) {
    return this.state === 'live' && this.frame(FRAME.LIKE, { topic: this.topic, count });
  }

  /** Queues a message; it goes out now if the room is live, else as soon as it is again. */
  send(content) {
    const message = { clientMsgId: newClientMsgId(), content, sentOn: 0 };
    this.pending.push(message);
    this.outboxChanged();
    this.flush();
    return message.clientMsgId;
  }

  /** Skips the wait of the backoff: the browser says it is back online, or the page is in front again. */
  reconnectNow() {
    if (this.state === 'waiting' && this.reconnectAfter <= Date.now()) {
      this.clearTimers();
      this.open();
    }
  }

  open() {
    this.clearTimers();
    this.dropSocket();
    this.generation += 1;
    const generation = this.generation;
    this.setState('connecting');
    let socket;
    try {
      socket = new WebSocket(this.url());
    } catch {
      this.retry();
      return;
    }
    this.socket = socket;
    const current = () => this.socket === socket;
    // a handshake into a network that went away silently neither opens nor fails: it is given up like a join
    this.later(() => {
      if (current() && this.state === 'connecting') {
        this.dropSocket();
        this.retry();
      }
    }, this.settings.joinTimeoutMs);
    socket.addEventListener('open', () => {
      if (!current()) return;
      this.setState('joining');
      this.frame(FRAME.JOIN, { topic: this.topic, ...(this.resumePoint() ?? {}) });
      this.later(() => {
        if (current() && this.state === 'joining') {
          this.dropSocket();
          this.retry();
        }
      }, this.settings.joinTimeoutMs);
    });
    socket.addEventListener('message', (event) => {
      if (current()) this.received(event.data, generation);
    });
    socket.addEventListener('close', (event) => {
      if (current()) this.lost(serverWait(event));
    });
    // an 'error' is always followed by 'close', where the reconnect happens
  }

  received(text, generation) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    switch (frame.code) {
      case ITEM: {
        let item;
        try {
          item = JSON.parse(frame.data);
        } catch {
          return;
        }
        this.emit('item', item);
        break;
      }
      case JOINED:
      case GONE:
        // a GONE still joins the room: only the replay of what was missed is refused
        this.attempt = 0;
        this.retries = 0;
        this.setState('live');
        this.startHeartbeat(generation);
        this.emit('joined', { ...frame.data, gone: frame.code === GONE });
        if (this.pausedUntil > Date.now()) this.later(() => this.flush(), this.pausedUntil - Date.now());
        this.flush();
        break;
      case ACK:
        this.acknowledged(frame.data?.clientMsgId);
        break;
      case UNAUTHORIZED:
        this.emit('refused', { code: frame.code, msg: frame.msg });
        this.clearTimers();
        this.dropSocket();
        this.setState('unauthorized');
        break;
      case TOO_MANY:
      case UNAVAILABLE: {
        // the message in flight was not stored (or may not have been): it is sent again, and everything behind it
        // waits, after the pause the server names (slow mode) or a growing one, so a busy server is not hammered
        const cap = Math.min(this.settings.backoffMaxMs, this.settings.backoffBaseMs * 2 ** (this.retries ?? 0));
        this.retries = (this.retries ?? 0) + 1;
        const wait = /wait (\d+(?:\.\d+)?) s/.exec(frame.msg ?? '');
        const delay = Math.round(Math.max(cap / 2 + Math.random() * cap / 2, wait ? Number(wait[1]) * 1000 : 0));
        for (const message of this.pending) message.sentOn = 0;
        this.clearAckTimer();
        this.pausedUntil = Date.now() + delay;
        this.emit('refused', { code: frame.code, msg: frame.msg, retryInMs: delay });
        this.outboxChanged();
        this.later(() => {
          this.pausedUntil = 0;
          this.flush();
        }, delay);
        break;
      }
      default:
        if (frame.code >= FIRST_EVENT && frame.code <= LAST_EVENT) {
          this.emit('event', { code: frame.code, msg: frame.msg, data: frame.data });
        } else if (typeof frame.code === 'number' && frame.code >= BAD_REQUEST) {
          this.finallyRefused(frame);
        }
      // other codes are left alone
    }
  }

  /**
   * An error frame. While joining it is about the join (a banned user, a room that is gone): trying again would
   * only repeat it. Once live, a final refusal is about a message: the one whose clientMsgId the frame names
   * (data.clientMsgId), or, from a server that does not name it, the oldest one in flight on this socket (frames
   * are answered in order, and a message that was in fact stored still shows when its echo arrives).
   */
  finallyRefused(frame) {
    const msg = frame.msg ?? 'The server refused that.';
    if (frame.data?.like) {
      // a like refused (a closed room): no message of the outbox is concerned
      this.emit('like-refused', { code: frame.code, msg });
      return;
    }
    if (this.state === 'joining' && (frame.code === FORBIDDEN || frame.code === NOT_FOUND)) {
      this.stop();
      this.emit('refused', { code: frame.code, msg, join: true });
      return;
    }
    const named = frame.data?.clientMsgId;
    const index = !FINAL.has(frame.code) ? -1
      : named ? this.pending.findIndex((m) => m.clientMsgId === named)
        : this.pending.findIndex((m) => m.sentOn === this.generation);
    const [dropped] = index >= 0 ? this.pending.splice(index, 1) : [];
    this.emit('refused', { code: frame.code, msg, content: dropped?.content });
    if (dropped) {
      this.clearAckTimer();
      this.outboxChanged();
      this.flush();
    }
  }

  /** Sends the oldest message not yet sent on this socket, unless one is still waiting for its acknowledgement. */
  flush() {
    if (this.state !== 'live' || this.pausedUntil > Date.now()) return;
    const head = this.pending[0];
    if (!head || head.sentOn === this.generation) return;
    const chatInfo = JSON.stringify({ content: head.content, type: 'message', clientMsgId: head.clientMsgId });
    if (this.frame(FRAME.CHAT, { topic: this.topic, chatInfo })) {
      head.sentOn = this.generation;
      this.watchAck(head);
    }
    this.outboxChanged();
  }

  /** A message in flight that is not acknowledged in time means the connection is gone, whatever the socket says. */
  watchAck(message) {
    this.clearAckTimer();
    const generation = this.generation;
    this.ackTimer = setTimeout(() => {
      this.ackTimer = null;
      if (this.generation === generation && this.state === 'live' && this.pending[0] === message) {
        this.dropSocket();
        this.lost();
      }
    }, this.settings.ackTimeoutMs);
  }

  clearAckTimer() {
    clearTimeout(this.ackTimer);
    this.ackTimer = null;
  }

  acknowledged(clientMsgId) {
    this.retries = 0;
    const before = this.pending.length;
    this.pending = this.pending.filter((m) => m.clientMsgId !== clientMsgId);
    if (this.pending.length !== before) {
      this.clearAckTimer();
      this.outboxChanged();
      this.flush();
    }
  }

  frame(type, payLoad) {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify({
      token: this.token(),
      type,
      payLoad: payLoad === '' ? '' : JSON.stringify(payLoad),
    }));
    return true;
  }

  startHeartbeat(generation) {
    const beat = () => {
      if (this.generation !== generation || this.state !== 'live') return;
      // a socket on a network that went away silently never closes by itself; the sign is that not even the
      // last heartbeat has left the browser
      if (this.socket?.bufferedAmount > 0) {
        this.dropSocket();
        this.lost();
        return;
      }
      this.frame(FRAME.HEARTBEAT, '');
      this.later(beat, this.settings.heartbeatMs);
    };
    this.later(beat, this.settings.heartbeatMs);
  }

  /** The socket is gone; `serverWaitMs` when the server named how long to wait before coming back. */
  lost(serverWaitMs = null) {
    this.socket = null;
    if (this.state === 'stopped' || this.state === 'unauthorized') return;
    this.clearTimers();
    this.outboxChanged();
    this.retry(serverWaitMs);
  }

  retry(serverWaitMs = null) {
    if (serverWaitMs !== null) {
      // the server spread its members' waits itself: waiting exactly that keeps them spread
      this.reconnectAfter = Date.now() + serverWaitMs;
      this.setState('waiting', { retryInMs: serverWaitMs, restart: true });
      this.later(() => this.open(), serverWaitMs);
      return;
    }
    // full jitter: anywhere between 0 and the exponential cap, so a room of viewers does not return all at once
    const cap = Math.min(this.settings.backoffMaxMs, this.settings.backoffBaseMs * 2 ** this.attempt);
    const delay = Math.round(Math.random() * cap);
    this.attempt += 1;
    this.setState('waiting', { retryInMs: delay });
    this.later(() => this.open(), delay);
  }

  dropSocket() {
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(NORMAL_CLOSURE);
  }

  later(fn, ms) {
    const id = setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, ms);
    this.timers.add(id);
  }

  clearTimers() {
    this.clearAckTimer();
    for (const id of this.timers) clearTimeout(id);
    this.timers.clear();
  }

  setState(state, extra = {}) {
    this.state = state;
    this.emit('state', { state, ...extra });
  }

  outboxChanged() {
    this.emit('outbox', {
      pending: this.pending.map(({ clientMsgId, content }) => ({ clientMsgId, content })),
      pausedUntil: this.pausedUntil > Date.now() ? this.pausedUntil : 0,
    });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/**
 * The wait a server named when it closed the socket: a stopping server (1012) or one that let a slow socket go (1013)
 * says "reconnect in <ms> ms" in the close reason. Null when it named none.
 */
export function serverWait({ code, reason }) {
  if (code !== SERVICE_RESTART && code !== TRY_AGAIN_LATER) return null;
  const named = /reconnect in (\d+) ms/.exec(reason ?? '');
  return named ? Math.min(Number(named[1]), 5 * 60_000) : null;
}

/** 128 random bits as hex; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere. */
function newClientMsgId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
