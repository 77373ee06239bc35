'use strict';
// A small stand-in for the WeChat mini-program runtime, just enough to run the seed chat page
// (seed/chat-page.js) unchanged in Node against a live server.
//
// Each page runs in its own vm context, because the seed keeps its state (ws, socketOpen, heart,
// heartBeatTimeOut, ...) in script-level variables: one context per page lets several viewers
// coexist in one process. The script runs in sloppy mode since the page assigns the undeclared
// global `twice`.

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { EventEmitter } = require('node:events');
const WebSocket = require('ws');

const SEED_FILE = path.join(__dirname, 'seed', 'chat-page.js');
const WS_PLACEHOLDER = `var myurl='ws://+"你自己的链接地址"'`;
const WXPARSE_PATH = '../../wxParse/wxParse.js';
// How long close() lets the server answer the WebSocket closing handshake before cutting the TCP connection.
const CLOSE_GRACE_MS = 2000;
const VERBOSE = !!process.env.SEED_VERBOSE;

/** The seed page's source with its WebSocket placeholder address replaced, and nothing else. */
function pageSource(wsUrl) {
  const url = new URL(wsUrl);
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new Error(`not a WebSocket URL: ${wsUrl}`);
  }
  const source = fs.readFileSync(SEED_FILE, 'utf8');
  const occurrences = source.split(WS_PLACEHOLDER).length - 1;
  if (occurrences !== 1) {
    throw new Error(`expected the placeholder ${WS_PLACEHOLDER} exactly once in ${SEED_FILE}, found ${occurrences}`);
  }
  return source.replace(WS_PLACEHOLDER, () => `var myurl=${JSON.stringify(wsUrl)}`);
}

/** `http://host:port/` -> `ws://host:port/ws` (the contract serves the socket at /ws). */
function wsUrlFor(baseUrl) {
  const url = new URL('ws', baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** WeChat turns the `data` of a GET request into the query string. */
function withQuery(url, data) {
  if (data == null || typeof data !== 'object') return url;
  const u = new URL(url);
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    u.searchParams.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return u.toString();
}

function headerValue(header, name) {
  const key = Object.keys(header || {}).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : header[key];
}

/**
 * Creates one page instance of the seed chat page, calls onLoad(query) then onReady(), and returns a handle.
 *
 * @param {object} opts
 * @param {string} opts.baseUrl  the server's base URL ending with '/', becomes app.globalData.myUrl
 * @param {string} [opts.wsUrl]  defaults to `${baseUrl}ws` with a ws(s) scheme
 * @param {string} opts.token    app.globalData.token
 * @param {object} opts.user     app.globalData.userInfo: {id, displayName, avatarUrl}
 * @param {object} opts.query    the page options: {id, roomNum}
 * @param {string} [opts.name]   a label for logs and error messages
 */
function openPage({ baseUrl, wsUrl, token, user, query, name = 'page' }) {
  if (!/\/$/.test(baseUrl)) throw new Error(`baseUrl must end with '/': ${baseUrl}`);
  const runtime = new WxRuntime({ name, app: { globalData: { myUrl: baseUrl, token, userInfo: user } } });
  runtime.load(pageSource(wsUrl || wsUrlFor(baseUrl)));
  const page = runtime.page;
  runtime.guard('onLoad', () => page.onLoad(query));
  runtime.guard('onReady', () => page.onReady());
  return new PageHandle(runtime);
}

class PageHandle {
  constructor(runtime) {
    this.runtime = runtime;
    this.page = runtime.page;
    this.name = runtime.name;
  }

  /** The chat items the user sees, as plain objects of this realm (the page builds some in its own vm realm). */
  items() {
    return JSON.parse(JSON.stringify(this.page.data.tellData));
  }

  /** Types into the input and taps 发送, as a user does. */
  type(text) {
    this.page.sayValue({ detail: { value: text } });
    this.page.sendMes();
  }

  /**
   * Taps 问, types, taps 发送. The order matters: sayValue() switches isSend from 'ask' to 'send', and the 问
   * button only shows while isSend is 'ask', so a user asking taps 问 first (isSend = 'sureAsk', which sayValue
   * keeps), and sendMes() then POSTs api/question/add instead of sending a chat frame.
   */
  ask(text) {
    this.page.ask();
    this.page.sayValue({ detail: { value: text } });
    this.page.sendMes();
  }

  /** Resolves with page.data once predicate(page.data) holds; re-checked on every setData and runtime event. */
  waitFor(predicate, timeoutMs = 5000, what = 'a condition on page.data') {
    return this.runtime.until(() => predicate(this.page.data), timeoutMs, what).then(() => this.page.data);
  }

  /** Resolves once the page's history request has been answered (success or failure). */
  historyLoaded(timeoutMs = 5000) {
    return this.finishedRequest('api/message/chatmsg', timeoutMs);
  }

  /** Resolves with the record {method, url, data, response, error} of the page's first finished request to a URL ending so. */
  async finishedRequest(urlEnd, timeoutMs = 5000) {
    const find = () => this.runtime.requests.find((r) => r.done && new URL(r.url).pathname.endsWith(urlEnd));
    await this.runtime.until(() => find(), timeoutMs, `a request to ${urlEnd} to finish`);
    return find();
  }

  /** Resolves once the join frame (type 3) has been written to the socket, i.e. the page's send success fired. */
  joinSent(timeoutMs = 5000) {
    return this.runtime.until(
      () => this.runtime.sent.some((f) => f.ok && safeJson(f.data)?.type === 3),
      timeoutMs, 'the join frame to be sent');
  }

  /** Every text frame the page's sockets received, in order. */
  get frames() {
    return this.runtime.received;
  }

  /** Calls onUnload, then tears the runtime down: timers, sockets, in-flight requests. */
  close() {
    return this.runtime.close();
  }
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

class WxRuntime {
  constructor({ name, app }) {
    this.name = name;
    this.app = app;
    this.page = null;
    this.events = new EventEmitter();
    this.disposed = false;
    this.timers = new Set();
    this.sockets = [];
    this.currentSocket = null;
    this.aborts = new Set();
    // Records for assertions and debugging.
    this.logs = [];
    this.errors = [];
    this.toasts = [];
    this.requests = [];
    this.sent = [];
    this.received = [];
  }

  changed() {
    this.events.emit('change');
  }

  /** Runs page code the way WeChat does: an exception in a callback is reported, it does not crash the app. */
  guard(label, fn) {
    try {
      return fn();
    } catch (error) {
      this.errors.push({ label, error });
      if (VERBOSE) console.error(`[${this.name}] error in ${label}:`, error);
      this.changed();
      return undefined;
    }
  }

  until(condition, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const check = () => {
        let ok;
        try {
          ok = condition();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (ok) {
          finish();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`[${this.name}] timed out after ${timeoutMs} ms waiting for ${what}; tellData=` +
          JSON.stringify(this.page && this.page.data.tellData) +
          (this.errors.length ? `; page errors: ${this.errors.map((e) => `${e.label}: ${e.error}`).join(' | ')}` : '')));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.events.off('change', check);
      };
      this.events.on('change', check);
      check();
    });
  }

  load(source) {
    const context = vm.createContext(this.globals());
    vm.runInContext(source, context, { filename: SEED_FILE });
    if (!this.page) throw new Error('the seed script did not call Page()');
  }

  globals() {
    const runtime = this;
    return {
      getApp: () => this.app,
      Page: (definition) => {
        if (this.page) throw new Error('Page() called twice');
        this.page = this.createPage(definition);
      },
      require: (id) => {
        if (id === WXPARSE_PATH) return { wxParse() {} };
        throw new Error(`require(${JSON.stringify(id)}) is not provided by the stand-in runtime`);
      },
      console: this.console(),
      setTimeout(fn, ms, ...args) {
        return runtime.setTimeout(fn, ms, args);
      },
      clearTimeout(id) {
        runtime.clearTimeout(id);
      },
      wx: this.wx(),
    };
  }

  createPage(definition) {
    const runtime = this;
    const page = {};
    for (const [key, value] of Object.entries(definition)) {
      if (key !== 'data') page[key] = value;
    }
    page.data = structuredClone(definition.data || {});
    // WeChat merges top-level keys (it also accepts 'a.b[0]' paths, which the seed does not use).
    page.setData = function setData(patch, callback) {
      Object.assign(page.data, patch);
      runtime.changed();
      if (typeof callback === 'function') runtime.setTimeout(callback, 0, []);
    };
    return page;
  }

  console() {
    const record = (level) => (...args) => {
      this.logs.push({ level, args });
      if (VERBOSE) console[level](`[${this.name}]`, ...args);
    };
    return { log: record('log'), info: record('info'), warn: record('warn'), error: record('error'), debug: record('debug') };
  }

  // Timers are real, but tracked, so close() can cancel what the page leaves behind (the seed's onUnload drops
  // its heartbeat timer handle without clearing it), and none are started once the page is gone.
  setTimeout(fn, ms, args) {
    if (this.disposed) return 0;
    const id = setTimeout(() => {
      this.timers.delete(id);
      this.guard('setTimeout callback', () => fn(...args));
    }, ms);
    this.timers.add(id);
    return id;
  }

  clearTimeout(id) {
    if (this.timers.delete(id)) clearTimeout(id);
  }

  /** Calls a page callback asynchronously, as WeChat does, unless the page is gone. */
  callback(label, fn, arg) {
    if (typeof fn !== 'function' || this.disposed) return;
    this.guard(label, () => fn(arg));
  }

  wx() {
    const runtime = this;
    const current = () => runtime.currentSocket;
    const notConnected = (api) => ({ errMsg: `${api}:fail WebSocket is not connected` });
    return {
      request: (options) => this.request(options),
      connectSocket: (options) => this.connectSocket(options),
      onSocketOpen(cb) {
        if (current()) current().global.open = cb;
      },
      onSocketError(cb) {
        if (current()) current().global.error = cb;
      },
      onSocketMessage(cb) {
        if (current()) current().global.message = cb;
      },
      onSocketClose(cb) {
        if (current()) current().global.close = cb;
      },
      sendSocketMessage(options = {}) {
        if (!current()) {
          queueMicrotask(() => runtime.callback('sendSocketMessage fail', options.fail, notConnected('sendSocketMessage')));
          return;
        }
        current().sendFrame('sendSocketMessage', options);
      },
      closeSocket(options = {}) {
        if (!current()) {
          queueMicrotask(() => runtime.callback('closeSocket fail', options.fail, notConnected('closeSocket')));
          return;
        }
        current().close(options);
      },
      showToast(options = {}) {
        runtime.toasts.push(options);
        queueMicrotask(() => runtime.callback('showToast success', options.success, { errMsg: 'showToast:ok' }));
      },
    };
  }

  request({ url, method = 'GET', header = {}, data, success, fail, complete }) {
    const record = { method: method.toUpperCase(), url, data, done: false, response: undefined, error: undefined };
    this.requests.push(record);
    const init = { method: record.method, headers: { ...header } };
    let target = url;
    if (record.method === 'GET' || record.method === 'HEAD') {
      target = withQuery(url, data);
    } else if (data !== undefined) {
      const contentType = headerValue(header, 'content-type');
      if (contentType === undefined) init.headers['content-type'] = 'application/json'; // WeChat's default
      init.body = typeof data === 'string' ? data
        : (contentType || 'application/json').includes('json') ? JSON.stringify(data)
          : new URLSearchParams(data).toString();
    }
    record.url = target;
    const abort = new AbortController();
    init.signal = abort.signal;
    this.aborts.add(abort);

    fetch(target, init)
      .then(async (response) => {
        const text = await response.text();
        // dataType 'json' (the default): parse if possible, otherwise hand over the text, like WeChat.
        const body = safeJson(text) ?? text;
        const res = { statusCode: response.status, data: body, header: Object.fromEntries(response.headers), errMsg: 'request:ok' };
        record.response = res;
        this.callback('request success', success, res);
      }, (error) => {
        record.error = error;
        this.callback('request fail', fail, { errMsg: `request:fail ${error.message}` });
      })
      .finally(() => {
        this.aborts.delete(abort);
        this.callback('request complete', complete, {});
        record.done = true;
        this.changed();
      });
    return { abort: () => abort.abort() };
  }

  connectSocket(options = {}) {
    const task = new SocketTask(this, options);
    this.sockets.push(task);
    this.currentSocket = task;
    return task;
  }

  async close() {
    if (this.disposed) return;
    if (this.page && typeof this.page.onUnload === 'function') this.guard('onUnload', () => this.page.onUnload());
    this.disposed = true;
    for (const id of this.timers) clearTimeout(id);
    this.timers.clear();
    for (const abort of this.aborts) abort.abort();
    await Promise.all(this.sockets.map((socket) => socket.shutDown()));
    this.events.removeAllListeners();
  }
}

/**
 * The SocketTask that wx.connectSocket returns, backed by the `ws` client so that `header` (Authorization
 * included) goes out on the handshake like WeChat sends it. `data` of connectSocket is ignored, like WeChat.
 *
 * onOpen/onClose/onError/onMessage REPLACE the previous callback rather than adding one: the seed registers its
 * handlers twice on the same task (deal() in onReady, again in the join frame's success callback), and with
 * adding semantics every message would be appended to tellData twice. The global wx.onSocket* callbacks are kept
 * apart from the task's own and both fire.
 */
class SocketTask {
  constructor(runtime, { url, header = {}, protocols, success, fail }) {
    this.runtime = runtime;
    this.own = {};
    this.global = {};
    this.closed = new Promise((resolve) => { this.markClosed = resolve; });
    let socket;
    try {
      socket = new WebSocket(url, protocols || [], { headers: { ...header } });
    } catch (error) {
      this.socket = null;
      this.markClosed();
      queueMicrotask(() => runtime.callback('connectSocket fail', fail, { errMsg: `connectSocket:fail ${error.message}` }));
      return;
    }
    this.socket = socket;
    queueMicrotask(() => runtime.callback('connectSocket success', success, { errMsg: 'connectSocket:ok' }));

    socket.on('open', () => this.fire('open', { header: {}, profile: {} }));
    socket.on('message', (data, isBinary) => {
      const payload = isBinary ? new Uint8Array(data).buffer : data.toString('utf8');
      if (!isBinary) runtime.received.push(payload);
      runtime.changed();
      this.fire('message', { data: payload });
    });
    socket.on('error', (error) => this.fire('error', { errMsg: error.message }));
    socket.on('close', (code, reason) => {
      this.markClosed();
      this.fire('close', { code, reason: reason.toString('utf8') });
    });
  }

  fire(event, arg) {
    this.runtime.changed();
    this.runtime.callback(`SocketTask.on${event}`, this.own[event], arg);
    this.runtime.callback(`wx.onSocket${event}`, this.global[event], arg);
  }

  onOpen(cb) { this.own.open = cb; }
  onClose(cb) { this.own.close = cb; }
  onError(cb) { this.own.error = cb; }
  onMessage(cb) { this.own.message = cb; }

  send(options = {}) {
    this.sendFrame('SocketTask.send', options);
  }

  sendFrame(api, { data, success, fail, complete } = {}) {
    const record = { data, ok: false };
    this.runtime.sent.push(record);
    const done = (error) => {
      record.ok = !error;
      this.runtime.changed();
      if (error) this.runtime.callback(`${api} fail`, fail, { errMsg: `${api}:fail ${error.message}` });
      else this.runtime.callback(`${api} success`, success, { errMsg: `${api}:ok` });
      this.runtime.callback(`${api} complete`, complete, {});
    };
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
      queueMicrotask(() => done(new Error('WebSocket is not connected')));
      return;
    }
    this.socket.send(data, (error) => done(error));
  }

  close({ code = 1000, reason = '', success, complete } = {}) {
    if (this.socket && this.socket.readyState !== WebSocket.CLOSED) {
      // ws throws if asked to close before the connection is established; WeChat just drops it.
      if (this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate();
      else this.socket.close(code, reason);
    }
    queueMicrotask(() => {
      this.runtime.callback('closeSocket success', success, { errMsg: 'closeSocket:ok' });
      this.runtime.callback('closeSocket complete', complete, {});
    });
  }

  /** Closes for good: a clean closing handshake if the server answers in time, otherwise the TCP connection is cut. */
  async shutDown() {
    if (!this.socket) return;
    this.socket.on('error', () => {}); // the page is gone; errors from here on have nobody to go to
    if (this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate();
    else if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000);
    let timer;
    const cut = new Promise((resolve) => {
      timer = setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, CLOSE_GRACE_MS);
    });
    await Promise.race([this.closed, cut]);
    clearTimeout(timer);
    await this.closed;
  }
}

module.exports = { openPage, pageSource, wsUrlFor, SEED_FILE, WS_PLACEHOLDER };
