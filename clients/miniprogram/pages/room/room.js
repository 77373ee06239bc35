// A live room: options {id: the stream id, roomNum: its room number (read from the server when absent)}.
//
// One socket at a time, with one set of handlers registered on its own SocketTask. It joins, beats every
// HEARTBEAT_MS, and when it closes it comes back after an exponential backoff with full jitter. What the user
// sends goes into a queue with a clientMsgId and stays there until the server acks it; the queue is flushed on
// every join, so a message typed while offline is sent once the room is back, and a resend is harmless.
// A server that stops closes with 1012 and a wait in the close reason ("restarting: reconnect in <ms> ms"), drawn
// for each socket so that a room comes back spread out: the page waits exactly that, then backs off as usual.
// A rejoin names the last seq the page holds (`since`, with the history's `epoch`): the server replays what
// came after it. When it cannot (410), or a seq jumps, the page reads history after that seq instead. In a room
// that talks faster than its chat budget the server sends a sample of the viewers' messages and names the seqs it
// left out (230) before any item beyond them: those are not a jump, and history keeps them.
// All state lives on the page instance: two rooms open at once do not share anything.
const app = getApp();

const HEARTBEAT_MS = 10000; // the server closes a socket that is quiet for 30 s
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 15000;
const FIRST_PAGE = 100;
const AFTER_LIMIT = 1000;
const MAX_READS = 50;
const FRAME = { HEARTBEAT: 1, CHAT: 2, JOIN: 3, LIKE: 4 };
const CLOSE = { SERVICE_RESTART: 1012, TRY_AGAIN_LATER: 1013 };
const CODE = {
  ITEM: 200, JOINED: 201, ACK: 202, SKIPPED: 230, POLL: 240, POLL_RESULTS: 241, LIKES: 250, PINNED: 260,
  UNAUTHORIZED: 401, GONE: 410, TOO_MANY: 429, UNAVAILABLE: 503,
};
// likes: taps gathered into one like frame every LIKE_BATCH_MS (at most LIKE_MAX_COUNT taps a frame); the server
// counts at most LIKES_PER_SECOND a second from one user (its default), so the page shows no more than that at once
const LIKE_BATCH_MS = 250;
const LIKE_MAX_COUNT = 100;
const LIKES_PER_SECOND = 10;

Page({
  data: {
    stream: null,
    items: [], // chat items oldest to newest, question/answer content parsed
    lastId: '',
    pending: [], // [{clientMsgId, content, kind}] not yet confirmed by the server
    state: 'connecting', // connecting | joining | live | waiting | signedOut
    stateText: '连接中…',
    inputValue: '',
    poll: null, // the open poll (or the one just closed): {id, question, status, multiple, voters, rows:[{index, label, count, percent, chosen}]}
    likes: 0, // the room's like total: pushed (250), read on every join, and the user's own taps at once
    pin: null, // the pinned announcement shown above the chat: {text, author, until}
  },

  onLoad(options) {
    this.streamId = String(options.id || '');
    this.roomNum = options.roomNum ? String(options.roomNum) : '';
    this.socket = null;
    this.generation = 0;
    this.attempt = 0;
    this.timers = {};
    this.outbox = []; // [{clientMsgId, content, kind: 'message'|'question', sentOn}]
    this.bySeq = {};
    this.skipped = {}; // seqs the server left out on purpose (230), from contiguousTo on
    this.epoch = '';
    this.contiguousTo = 0;
    this.retries = 0;
    this.pinVersion = -1;
    this.loaded = false;
    this.closed = false;
    this.polls = {}; // poll id -> the poll as last known (counts of the highest version seen), with `mine`
    this.pollId = null; // the poll shown
    this.likeTaps = 0; // taps not sent yet
    this.likeTimes = []; // when the last taps were shown, for the allowance
    this.start();
  },

  onUnload() {
    this.closed = true;
    Object.keys(this.timers).forEach((name) => this.clearTimer(name));
    this.dropSocket();
  },

  onShow() {
    // back in front: do not wait out a long backoff
    // (but a server that is restarting named its wait: coming back early would only join the herd)
    if (this.socket === null && this.data.state === 'waiting') this.connect();
  },

  async start() {
    try {
      await app.ensureLogin();
      const stream = await this.api('GET', `api/streams/${this.streamId}`);
      this.roomNum = this.roomNum || String(stream.roomNumber);
      this.setData({ stream });
      wx.setNavigationBarTitle && wx.setNavigationBarTitle({ title: stream.title });
      this.connect();
    } catch (error) {
      this.toast(error.message);
    }
  },

  // ---- the socket ----

  connect() {
    if (this.closed) return;
    this.clearTimer('retry');
    this.dropSocket();
    this.generation += 1;
    const generation = this.generation;
    this.setState('connecting');
    const task = wx.connectSocket({
      url: wsUrl(app.globalData.myUrl),
      header: { Authorization: app.globalData.token },
    });
    this.socket = task;
    const current = () => this.socket === task && !this.closed;
    task.onOpen(() => {
      if (!current()) return;
      this.setState('joining');
      const join = { topic: this.roomNum };
      if (this.loaded && this.epoch) Object.assign(join, { since: this.contiguousTo, epoch: this.epoch });
      this.frame(FRAME.JOIN, join);
    });
    task.onMessage((message) => {
      if (current()) this.received(message.data, generation);
    });
    task.onClose((res) => {
      if (current()) this.lost(serverWait(res || {}));
    });
    task.onError(() => {
      if (current()) this.lost();
    });
  },

  received(text, generation) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch (e) {
      return;
    }
    if (frame.code === CODE.ITEM) {
      let item;
      try {
        item = JSON.parse(frame.data);
      } catch (e) {
        return;
      }
      this.live(item);
    } else if (frame.code === CODE.JOINED || frame.code === CODE.GONE) {
      // a 410 joins the room too: only the replay of what was missed is refused
      const room = frame.data || {};
      this.attempt = 0;
      this.retries = 0;
      this.setState('live');
      // the server says what is pinned right after this, and nothing when nothing is
      this.pinned(null);
      this.heartbeat(generation);
      this.flush();
      if (room.epoch && this.epoch && room.epoch !== this.epoch) this.reset();
      if (!this.loaded || !(room.seq <= this.contiguousTo)) this.catchUp();
      this.loadPolls();
      this.readLikes();
    } else if (frame.code === CODE.POLL) {
      this.pollChanged(frame.data || {});
    } else if (frame.code === CODE.POLL_RESULTS) {
      this.pollResults(frame.data || {});
    } else if (frame.code === CODE.LIKES) {
      this.showLikes(frame.data && frame.data.likes);
    } else if (frame.code === CODE.PINNED) {
      this.pinned(frame.data);
    } else if (frame.code === CODE.SKIPPED) {
      this.skippedRange(frame.data || {});
    } else if (frame.code === CODE.ACK) {
      this.retries = 0;
      this.confirmed(frame.data && frame.data.clientMsgId);
    } else if (frame.code === CODE.UNAUTHORIZED) {
      this.toast(frame.msg);
      this.signInAgain();
    } else if (frame.code === CODE.TOO_MANY || frame.code === CODE.UNAVAILABLE) {
      // what is unacknowledged may not be stored: send it again after a growing pause (clientMsgId dedupes)
      this.toast(frame.msg);
      this.outbox.forEach((m) => { if (m.kind === 'message') m.sentOn = 0; });
      const cap = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * Math.pow(2, this.retries));
      this.retries += 1;
      this.later('flush', () => this.flush(), cap / 2 + Math.random() * cap / 2);
    } else if (typeof frame.code === 'number' && frame.code >= 400) {
      this.toast(frame.msg);
    }
  },

  /**
   * The pinned announcement (260: {version, pin}, pin null when taken down or ended); null forgets it on a (re)join.
   * A word older than the one shown (a lower version) is passed over.
   */
  pinned(state) {
    if (!state) {
      this.pinVersion = -1;
      if (this.data.pin) this.setData({ pin: null });
      return;
    }
    if (!(state.version >= this.pinVersion)) return;
    this.pinVersion = state.version;
    const pin = state.pin;
    this.setData({
      pin: pin ? { text: pin.text, author: (pin.author && pin.author.displayName) || '', until: pin.until ? `至 ${clockOf(pin.until)}` : '' } : null,
    });
  },

  /** The socket is gone; `wait` (ms) when the server named how long to stay away. */
  lost(wait = null) {
    this.socket = null;
    this.clearTimer('heartbeat');
    if (this.closed || this.data.state === 'signedOut') return;
    let delay = wait;
    if (delay === null) {
      // full jitter: anywhere between 0 and the doubling cap, so a room does not come back all at once
      const cap = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * Math.pow(2, this.attempt));
      delay = Math.round(Math.random() * cap);
      this.attempt += 1;
    }
    this.setState(wait === null ? 'waiting' : 'restarting');
    this.later('retry', () => this.connect(), delay);
  },

  async signInAgain() {
    this.setState('signedOut');
    this.dropSocket();
    app.dropToken();
    try {
      await app.ensureLogin();
      this.connect();
    } catch (error) {
      this.toast(error.message);
    }
  },

  heartbeat(generation) {
    this.later('heartbeat', () => {
      if (generation !== this.generation || this.data.state !== 'live') return;
      this.frame(FRAME.HEARTBEAT, '');
      this.heartbeat(generation);
    }, HEARTBEAT_MS);
  },

  frame(type, payLoad) {
    if (!this.socket) return false;
    this.socket.send({
      data: JSON.stringify({
        token: app.globalData.token,
        type,
        payLoad: payLoad === '' ? '' : JSON.stringify(payLoad),
      }),
    });
    return true;
  },

  dropSocket() {
    const task = this.socket;
    this.socket = null;
    if (task) task.close({});
  },

  // ---- likes ----

  tapLike() {
    const now = Date.now();
    this.likeTimes = this.likeTimes.filter((t) => now - t < 1000);
    if (this.likeTimes.length < LIKES_PER_SECOND) {
      this.likeTimes.push(now);
      this.showLikes(this.data.likes + 1);
    }
    this.likeTaps += 1;
    if (!this.timers.like) this.later('like', () => this.sendLikes(), LIKE_BATCH_MS);
  },

  /** Sends the taps gathered; taps made while the room is not live are dropped (a like is of the moment). */
  sendLikes() {
    while (this.likeTaps > 0 && this.data.state === 'live') {
      const count = Math.min(this.likeTaps, LIKE_MAX_COUNT);
      this.frame(FRAME.LIKE, { topic: this.roomNum, count });
      this.likeTaps -= count;
    }
    this.likeTaps = 0;
  },

  async readLikes() {
    try {
      const total = await this.api('GET', `api/streams/${this.streamId}/likes`);
      this.showLikes(total.likes);
    } catch (e) {
      // the next push brings the total
    }
  },

  /** The total shown never goes backwards. */
  showLikes(total) {
    if (typeof total === 'number' && total > this.data.likes) this.setData({ likes: total });
  },

  // ---- sending ----

  onInput(e) {
    this.setData({ inputValue: e.detail.value });
  },

  sendMessage() {
    const content = this.takeInput();
    if (content) this.enqueue('message', content);
  },

  askQuestion() {
    const content = this.takeInput();
    if (content) this.enqueue('question', content);
  },

  takeInput() {
    const content = (this.data.inputValue || '').trim();
    this.setData({ inputValue: '' });
    return content;
  },

  enqueue(kind, content) {
    this.outbox.push({ clientMsgId: newClientMsgId(), content, kind, sentOn: 0 });
    this.showPending();
    this.flush();
  },

  flush() {
    if (this.data.state !== 'live') return;
    this.outbox.forEach((m) => {
      if (m.sentOn === this.generation || m.asking) return;
      if (m.kind === 'message') {
        const chatInfo = JSON.stringify({ content: m.content, type: 'message', clientMsgId: m.clientMsgId });
        if (this.frame(FRAME.CHAT, { topic: this.roomNum, chatInfo })) m.sentOn = this.generation;
      } else {
        this.postQuestion(m);
      }
    });
  },

  async postQuestion(m) {
    m.asking = true;
    try {
      await this.api('POST', 'api/question/add', { content: m.content, streamId: this.streamId });
      this.confirmed(m.clientMsgId);
    } catch (error) {
      if (!error.unreachable) {
        this.toast(error.message);
        this.confirmed(m.clientMsgId);
      }
      // unreachable: kept, asked again on the next join
    } finally {
      m.asking = false;
    }
  },

  confirmed(clientMsgId) {
    const before = this.outbox.length;
    this.outbox = this.outbox.filter((m) => m.clientMsgId !== clientMsgId);
    if (this.outbox.length !== before) this.showPending();
  },

  showPending() {
    this.setData({ pending: this.outbox.map((m) => ({ clientMsgId: m.clientMsgId, content: m.content, kind: m.kind })) });
  },

  // ---- the room's items ----

  live(item) {
    const gap = this.loaded && item.seq > this.contiguousTo + 1;
    this.keep([item]);
    if (gap) this.catchUp();
  },

  /** The newest page the first time; after that, every item after the last seq held without a hole. */
  async catchUp() {
    if (this.catchingUp) return;
    this.catchingUp = true;
    try {
      if (!this.loaded) {
        const data = await this.api('GET', 'api/message/chatmsg', {
          stream: this.streamId, page: 1, resultsPerPage: FIRST_PAGE, type: '',
        });
        this.keep(data.items);
        this.loaded = true;
      } else {
        for (let reads = 0; reads < MAX_READS; reads++) {
          const data = await this.api('GET', 'api/message/chatmsg', {
            stream: this.streamId, after: this.contiguousTo, limit: AFTER_LIMIT,
          });
          this.keep(data.items);
          if (data.items.length < AFTER_LIMIT) break;
        }
      }
    } catch (error) {
      this.toast(error.message);
    } finally {
      this.catchingUp = false;
    }
  },

  /** The seqs from `from` to `to` not held were left out on purpose: held as such, so they are not a gap. */
  skippedRange({ from, to }) {
    if (!(from > 0 && to >= from)) return;
    for (let seq = from; seq <= to; seq++) {
      if (!this.bySeq[seq]) this.skipped[seq] = true;
    }
    this.keep([]);
  },

  keep(items) {
    let added = false;
    items.forEach((raw) => {
      if (raw.epoch && this.epoch && raw.epoch !== this.epoch) this.reset();
      this.epoch = this.epoch || raw.epoch || '';
      if (this.bySeq[raw.seq]) return;
      this.bySeq[raw.seq] = readItem(raw);
      delete this.skipped[raw.seq];
      added = true;
    });
    const seqs = Object.keys(this.bySeq).map(Number).sort((a, b) => a - b);
    const skipped = Object.keys(this.skipped).map(Number);
    if (seqs.length === 0 && skipped.length === 0) return;
    const held = (seq) => Boolean(this.bySeq[seq] || this.skipped[seq]);
    // a notice may come before any item is held: the seqs it names count from the start
    if (!held(this.contiguousTo)) this.contiguousTo = Math.min(seqs.length ? seqs[0] : Infinity, ...skipped);
    while (held(this.contiguousTo + 1)) this.contiguousTo += 1;
    Object.keys(this.skipped).forEach((seq) => {
      if (Number(seq) < this.contiguousTo) delete this.skipped[seq];
    });
    if (!added) return;
    const list = seqs.map((seq) => this.bySeq[seq]);
    this.setData({ items: list, lastId: `item-${list[list.length - 1].id}` });
  },

  /** The room's history was reset (another epoch): start again from the newest page. */
  reset() {
    this.bySeq = {};
    this.skipped = {};
    this.epoch = '';
    this.contiguousTo = 0;
    this.loaded = false;
    this.setData({ items: [], lastId: '' });
  },

  // ---- polls: the open poll above the chat; tap an option to vote (or, with several choices, to add or remove it) ----

  /** Read on every join: what changed while away is not replayed. */
  async loadPolls() {
    try {
      const { items } = await this.api('GET', 'api/polls', { stream: this.streamId });
      items.forEach((poll) => this.knowPoll(poll));
      const open = items.find((p) => p.status === 'open');
      if (open) this.pollId = String(open.id);
      this.showPoll();
    } catch (error) {
      this.toast(error.message);
    }
  },

  pollChanged(poll) {
    if (poll.status === 'deleted' || poll.status === 'draft') return;
    this.knowPoll(poll);
    if (poll.status === 'open') this.pollId = String(poll.id);
    this.showPoll();
  },

  pollResults({ pollId, counts, voters, version }) {
    const known = this.polls[String(pollId)];
    if (!known || known.version >= version) return;
    Object.assign(known, { counts, voters, version });
    if (String(pollId) === this.pollId) this.showPoll();
  },

  /** Keeps the counts of the highest version seen: a late 241 never undoes a newer count. */
  knowPoll(poll) {
    const known = this.polls[String(poll.id)];
    const fresher = !known || poll.version >= known.version;
    this.polls[String(poll.id)] = Object.assign({}, known, poll, fresher ? {} : {
      counts: known.counts, voters: known.voters, version: known.version,
    }, { mine: poll.mine || (known && known.mine) || [] });
  },

  showPoll() {
    const poll = this.pollId ? this.polls[this.pollId] : null;
    if (!poll) {
      this.setData({ poll: null });
      return;
    }
    const total = poll.counts.reduce((sum, n) => sum + n, 0);
    this.setData({
      poll: {
        id: poll.id,
        question: poll.question,
        status: poll.status,
        multiple: poll.multiple,
        voters: poll.voters,
        rows: poll.options.map((label, index) => ({
          index,
          label,
          count: poll.counts[index] || 0,
          percent: total > 0 ? Math.round(((poll.counts[index] || 0) * 100) / total) : 0,
          chosen: poll.mine.indexOf(index) >= 0,
        })),
      },
    });
  },

  async votePoll(e) {
    const poll = this.pollId ? this.polls[this.pollId] : null;
    const index = Number(e.currentTarget.dataset.index);
    if (!poll || poll.status !== 'open' || this.voting) return;
    let choice;
    if (poll.multiple) {
      choice = poll.mine.indexOf(index) >= 0 ? poll.mine.filter((i) => i !== index) : poll.mine.concat([index]).sort((a, b) => a - b);
    } else {
      if (poll.mine.length === 1 && poll.mine[0] === index) return;
      choice = [index];
    }
    this.voting = true;
    try {
      const vote = choice.length > 0
        ? await this.api('PUT', `api/polls/${poll.id}/vote`, { options: choice })
        : await this.api('DELETE', `api/polls/${poll.id}/vote`);
      poll.mine = vote.mine;
      this.pollResults({ pollId: poll.id, counts: vote.counts, voters: vote.voters, version: vote.version });
      this.showPoll();
    } catch (error) {
      this.toast(error.message);
      if (error.code === 409) this.loadPolls();
    } finally {
      this.voting = false;
    }
  },

  closePoll() {
    this.pollId = null;
    this.setData({ poll: null });
  },

  // ---- plumbing ----

  api(method, path, data) {
    return new Promise((resolve, reject) => {
      wx.request({
        url: app.globalData.myUrl + path,
        method,
        data,
        header: { Authorization: app.globalData.token, 'content-type': 'application/json' },
        success: (res) => {
          const body = res.data || {};
          if (res.statusCode === 200 && body.code === 200) {
            resolve(body.data);
            return;
          }
          const error = new Error(body.msg || `服务器错误 ${res.statusCode}`);
          error.code = body.code || res.statusCode;
          if (error.code === 401) this.signInAgain();
          reject(error);
        },
        fail: (err) => {
          const error = new Error('网络异常');
          error.unreachable = true;
          error.detail = err && err.errMsg;
          reject(error);
        },
      });
    });
  },

  setState(state) {
    const text = { connecting: '连接中…', joining: '进入房间…', live: '直播中', waiting: '网络断开，正在重连…', restarting: '服务器重启中，稍后自动重连…', signedOut: '重新登录…' };
    this.setData({ state, stateText: text[state] || state });
    if (state === 'live') this.showPending();
  },

  toast(message) {
    wx.showToast({ title: String(message || '出错了'), icon: 'none' });
  },

  later(name, fn, ms) {
    this.clearTimer(name);
    this.timers[name] = setTimeout(() => {
      delete this.timers[name];
      fn();
    }, ms);
  },

  clearTimer(name) {
    if (this.timers[name] !== undefined) {
      clearTimeout(this.timers[name]);
      delete this.timers[name];
    }
  },
});

function wsUrl(base) {
  return base.replace(/^http/, 'ws') + 'ws';
}

/** Question and answer items carry JSON text in content; the page shows its fields. */
function readItem(item) {
  const shown = Object.assign({}, item, { time: timeOf(item.createdat) });
  if (item.type === 'question' || item.type === 'answer') {
    try {
      shown.body = JSON.parse(item.content);
    } catch (e) {
      shown.type = 'message';
    }
  }
  return shown;
}

function timeOf(createdat) {
  const date = new Date(createdat);
  if (isNaN(date.getTime())) return '';
  const two = (n) => (n < 10 ? '0' : '') + n;
  return `${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

function clockOf(at) {
  const date = new Date(at);
  if (isNaN(date.getTime())) return '';
  const two = (n) => (n < 10 ? '0' : '') + n;
  return `${two(date.getHours())}:${two(date.getMinutes())}`;
}

function newClientMsgId() {
  let id = Date.now().toString(36);
  while (id.length < 24) id += Math.floor(Math.random() * 36).toString(36);
  return id;
}

/** The wait a closing server named ("reconnect in <ms> ms", with 1012 or 1013), or null. */
function serverWait({ code, reason }) {
  if (code !== CLOSE.SERVICE_RESTART && code !== CLOSE.TRY_AGAIN_LATER) return null;
  const named = /reconnect in (\d+) ms/.exec(reason || '');
  return named ? Math.min(Number(named[1]), 5 * 60000) : null;
}
