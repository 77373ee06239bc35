'use strict';
// A stand-in for the WeChat mini-program runtime, enough to run mini-program code in Node against a live server:
// the seed chat page (seed/chat-page.js, unchanged: openPage) and the reference mini-program in clients/miniprogram
// (MiniProgram). The code gets what WeChat gives it: App, Page, getApp, timers, wx.request (through fetch),
// wx.showToast, and wx.connectSocket, whose SocketTask is backed by the `ws` client so that `header`
// (Authorization included) goes out on the handshake as WeChat sends it.
//
// Each runtime runs its code in a vm context of its own, because a page may keep its state in script-level
// variables (the seed keeps ws, socketOpen, heart, heartBeatTimeOut, ... there): one context per page lets several
// users coexist in one process. Scripts run in sloppy mode since the seed assigns the undeclared global `twice`.
//
// What it adds for tests: records of requests, frames, toasts, timers and of the errors the code threw;
// `offline` (new sockets and requests fail, like a phone without network) and `cut()` (the open sockets drop as a
// lost network drops them); a time scale for timers (heartbeats and backoff run faster, the code unchanged).
// WX_VERBOSE=1 prints what the code logs.

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { EventEmitter } = require('node:events');
const WebSocket = require('ws');

// How long close() lets the server answer the WebSocket closing handshake before cutting the TCP connection.
const CLOSE_GRACE_MS = 2000;
const VERBOSE = !!process.env.WX_VERBOSE;

class WxRuntime {
  /**
   * @param {object} [opts]
   * @param {string} [opts.name='app']     a label for logs and error messages
   * @param {object} [opts.app]            what getApp() returns, for a page run without its app.js
   * @param {object} [opts.modules]        what require(id) returns, by id; any other require throws
   * @param {number} [opts.timeScale=1]    multiplies every timer delay the code asks for
   */
  constructor({ name = 'app', app = null, modules = {}, timeScale = 1 } = {}) {
    this.name = name;
    this.app = app;
    this.modules = modules;
    this.timeScale = timeScale;
    this.page = null;
    this.events = new EventEmitter();
    this.events.setMaxListeners(100);
    this.disposed = false;
    this.offline = false;
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
    this.context = vm.createContext(this.globals());
  }

  /** Runs a script in this runtime, as WeChat runs app.js and a page's js. */
  run(file, source = fs.readFileSync(file, 'utf8')) {
    vm.runInContext(source, this.context, { filename: file });
  }

  changed() {
    this.events.emit('change');
  }

  /** Runs code the way WeChat does: an exception in a callback is reported, it does not crash the app. */
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

  /** Resolves with condition()'s value once it is truthy, re-checked whenever anything happens; rejects at the deadline. */
  until(condition, what, timeoutMs = 15000) {
    return new Promise((resolve, reject) => {
      let timer;
      const check = () => {
        let ok;
        try {
          ok = condition();
        } catch (error) {
          done();
          reject(error);
          return;
        }
        if (ok) {
          done();
          resolve(ok);
        }
      };
      const done = () => {
        clearTimeout(timer);
        this.events.off('change', check);
      };
      timer = setTimeout(() => {
        done();
        reject(new Error(`[${this.name}] timed out after ${timeoutMs} ms waiting for ${what}; page data=` +
          JSON.stringify(this.page && this.page.data) +
          (this.errors.length ? `; page errors: ${this.errors.map((e) => `${e.label}: ${e.error}`).join(' | ')}` : '')));
      }, timeoutMs);
      this.events.on('change', check);
      check();
    });
  }

  /** The open sockets drop without a closing handshake, as when the network goes away; returns how many. */
  cut() {
    const open = this.sockets.filter((s) => s.socket && s.socket.readyState <= WebSocket.OPEN);
    open.forEach((s) => s.socket.terminate());
    return open.length;
  }

  openSockets() {
    return this.sockets.filter((s) => s.socket && s.socket.readyState === WebSocket.OPEN).length;
  }

  globals() {
    const runtime = this;
    return {
      App: (definition) => {
        if (this.app) throw new Error('App() called twice');
        this.app = definition;
      },
      getApp: () => this.app,
      Page: (definition) => {
        if (this.page) throw new Error('Page() called twice');
        this.page = this.createPage(definition);
      },
      require: (id) => {
        if (Object.hasOwn(this.modules, id)) return this.modules[id];
        throw new Error(`require(${JSON.stringify(id)}) is not provided by the stand-in`);
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
    // WeChat merges top-level keys (it also accepts 'a.b[0]' paths, which neither client uses) and keeps a copy of
    // each value; the copy is also a value of the test's realm, so assertions compare it like any other.
    page.setData = function setData(patch, callback) {
      for (const [key, value] of Object.entries(patch)) page.data[key] = structuredClone(value);
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

  // Timers are real, but tracked, so close() can cancel what the code leaves behind (the seed's onUnload drops
  // its heartbeat timer handle without clearing it), and none are started once the page is gone.
  setTimeout(fn, ms, args) {
    if (this.disposed) return 0;
    const id = setTimeout(() => {
      this.timers.delete(id);
      this.guard('setTimeout callback', () => fn(...args));
    }, Math.max(0, Number(ms) || 0) * this.timeScale);
    this.timers.add(id);
    return id;
  }

  clearTimeout(id) {
    if (this.timers.delete(id)) clearTimeout(id);
  }

  /** Calls back into the code, as WeChat does, unless the page is gone. */
  callback(label, fn, arg) {
    if (typeof fn !== 'function' || this.disposed) return;
    this.guard(label, () => fn(arg));
    this.changed();
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
      // there is no WeChat to exchange a login code with: a test hands the app a token instead
      login(options = {}) {
        queueMicrotask(() => runtime.callback('login fail', options.fail, { errMsg: 'login:fail not in the stand-in' }));
      },
      showToast(options = {}) {
        runtime.toasts.push(options);
        runtime.changed();
        queueMicrotask(() => runtime.callback('showToast success', options.success, { errMsg: 'showToast:ok' }));
      },
    };
  }

  request({ url, method = 'GET', header = {}, data, success, fail, complete }) {
    const record = { method: method.toUpperCase(), url, data, done: false, response: undefined, error: undefined };
    this.requests.push(record);
    const finished = () => {
      this.callback('request complete', complete, {});
      record.done = true;
      this.changed();
    };
    if (this.offline) {
      queueMicrotask(() => {
        record.error = new Error('offline');
        this.callback('request fail', fail, { errMsg: 'request:fail offline' });
        finished();
      });
      return { abort() {} };
    }
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
        finished();
      });
    return { abort: () => abort.abort() };
  }

  connectSocket(options = {}) {
    const task = new SocketTask(this, options);
    this.sockets.push(task);
    this.currentSocket = task;
    return task;
  }

  /** Calls onUnload, then tears the runtime down: timers (how many were left is kept), sockets, requests. */
  async close() {
    if (this.disposed) return;
    if (this.page && typeof this.page.onUnload === 'function') this.guard('onUnload', () => this.page.onUnload());
    this.disposed = true;
    this.leftTimers = this.timers.size;
    for (const id of this.timers) clearTimeout(id);
    this.timers.clear();
    for (const abort of this.aborts) abort.abort();
    await Promise.all(this.sockets.map((socket) => socket.shutDown()));
    this.events.removeAllListeners();
  }
}

/**
 * The SocketTask that wx.connectSocket returns. `data` of connectSocket is ignored, like WeChat.
 *
 * onOpen/onClose/onError/onMessage REPLACE the previous callback rather than adding one: the seed registers its
 * handlers twice on the same task (deal() in onReady, again in the join frame's success callback), and with
 * adding semantics every message would be appended to tellData twice. How often each was called is counted. The
 * global wx.onSocket* callbacks are kept apart from the task's own and both fire.
 */
class SocketTask {
  constructor(runtime, { url, header = {}, protocols, success, fail }) {
    this.runtime = runtime;
    this.own = {};
    this.global = {};
    this.handlerCalls = { open: 0, close: 0, error: 0, message: 0 };
    this.closed = new Promise((resolve) => { this.markClosed = resolve; });
    this.socket = null;
    if (runtime.offline) {
      this.markClosed();
      queueMicrotask(() => {
        runtime.callback('connectSocket fail', fail, { errMsg: 'connectSocket:fail offline' });
        this.fire('error', { errMsg: 'offline' });
        this.fire('close', { code: 1006, reason: '' });
      });
      return;
    }
    let socket;
    try {
      socket = new WebSocket(url, protocols || [], { headers: { ...header } });
    } catch (error) {
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

  onOpen(cb) { this.handlerCalls.open += 1; this.own.open = cb; }
  onClose(cb) { this.handlerCalls.close += 1; this.own.close = cb; }
  onError(cb) { this.handlerCalls.error += 1; this.own.error = cb; }
  onMessage(cb) { this.handlerCalls.message += 1; this.own.message = cb; }

  send(options = {}) {
    this.sendFrame('SocketTask.send', options);
  }

  /** Records the frame ({data, task, ok}) and writes it; `ok` once the socket took it. */
  sendFrame(api, { data, success, fail, complete } = {}) {
    const record = { data, task: this, ok: false };
    this.runtime.sent.push(record);
    this.runtime.changed();
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

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// ---- the seed chat page ----

const SEED_FILE = path.join(__dirname, 'seed', 'chat-page.js');
const WS_PLACEHOLDER = `var myurl='ws://+"你自己的链接地址"'`;
const WXPARSE_PATH = '../../wxParse/wxParse.js';

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
  const runtime = new WxRuntime({
    name,
    app: { globalData: { myUrl: baseUrl, token, userInfo: user } },
    modules: { [WXPARSE_PATH]: { wxParse() {} } },
  });
  runtime.run(SEED_FILE, pageSource(wsUrl || wsUrlFor(baseUrl)));
  if (!runtime.page) throw new Error('the seed script did not call Page()');
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

  /** The chat items the user sees, as plain objects. */
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
    return this.runtime.until(() => predicate(this.page.data), what, timeoutMs).then(() => this.page.data);
  }

  /** Resolves once the page's history request has been answered (success or failure). */
  historyLoaded(timeoutMs = 5000) {
    return this.finishedRequest('api/message/chatmsg', timeoutMs);
  }

  /** Resolves with the record {method, url, data, response, error} of the page's first finished request to a URL ending so. */
  finishedRequest(urlEnd, timeoutMs = 5000) {
    return this.runtime.until(() => this.runtime.requests.find((r) => r.done && new URL(r.url).pathname.endsWith(urlEnd)),
      `a request to ${urlEnd} to finish`, timeoutMs);
  }

  /** Resolves once the join frame (type 3) has been written to the socket, i.e. the page's send success fired. */
  joinSent(timeoutMs = 5000) {
    return this.runtime.until(() => this.runtime.sent.some((f) => f.ok && safeJson(f.data)?.type === 3),
      'the join frame to be sent', timeoutMs);
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

// ---- the reference mini-program ----

const CLIENT_DIR = path.resolve(__dirname, '..', '..', '..', 'clients', 'miniprogram');

/** clients/miniprogram: its app.js, signed in with a token the test made (as after wx.login), and its room page. */
class MiniProgram extends WxRuntime {
  /**
   * @param {object} opts
   * @param {string} opts.baseUrl  the server, ending with '/': replaces the app's placeholder myUrl
   * @param {string} opts.token    a token the app already holds (as after wx.login)
   * @param {object} opts.user     the app's userInfo
   * @param {number} [opts.timeScale=1]  multiplies every timer delay the app asks for
   */
  constructor({ baseUrl, token, user, timeScale = 1, name = 'app' }) {
    super({ name, timeScale });
    this.run(path.join(CLIENT_DIR, 'app.js'));
    if (!this.app) throw new Error('app.js did not call App()');
    Object.assign(this.app.globalData, { myUrl: baseUrl, token, userInfo: user });
  }

  /** Loads the room page and calls onLoad(query) and onShow(), as WeChat does on navigation. */
  openRoom(query) {
    this.run(path.join(CLIENT_DIR, 'pages', 'room', 'room.js'));
    if (!this.page) throw new Error('room.js did not call Page()');
    this.guard('onLoad', () => this.page.onLoad(query));
    this.guard('onShow', () => this.page.onShow());
    return this.page;
  }
}

module.exports = { WxRuntime, openPage, pageSource, wsUrlFor, SEED_FILE, WS_PLACEHOLDER, MiniProgram, CLIENT_DIR };
