'use strict';
// A stand-in for the WeChat mini-program runtime, enough to run clients/miniprogram (app.js and the room page)
// in Node against a live server. Adapted from src/test/js/wx-runtime.js (which runs the seed page): each page
// runs in a vm context of its own with the app, wx.request goes through fetch, and SocketTask is backed by the
// `ws` client so the Authorization header goes out on the handshake as WeChat sends it.
//
// What it adds for tests: `offline` (new sockets and requests fail, like a phone without network), `cut()` (the
// current socket drops as a lost network would drop it), a time scale for timers (heartbeats and backoff run
// faster), and records of frames, toasts and timers.

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { EventEmitter } = require('node:events');
const WebSocket = require('ws');

const CLIENT_DIR = path.resolve(__dirname, '..', '..', '..', 'clients', 'miniprogram');
const CLOSE_GRACE_MS = 2000;

class MiniProgram {
  /**
   * @param {object} opts
   * @param {string} opts.baseUrl  the server, ending with '/': replaces the app's placeholder myUrl
   * @param {string} opts.token    a token the app already holds (as after wx.login)
   * @param {object} opts.user     the app's userInfo
   * @param {number} [opts.timeScale=1]  multiplies every timer delay the app asks for
   */
  constructor({ baseUrl, token, user, timeScale = 1, name = 'app' }) {
    this.name = name;
    this.timeScale = timeScale;
    this.events = new EventEmitter();
    this.events.setMaxListeners(100);
    this.timers = new Set();
    this.sockets = [];
    this.aborts = new Set();
    this.offline = false;
    this.disposed = false;
    this.toasts = [];
    this.sent = [];
    this.received = [];
    this.errors = [];
    this.app = null;
    this.page = null;
    this.context = vm.createContext(this.globals());
    this.run('app.js');
    if (!this.app) throw new Error('app.js did not call App()');
    Object.assign(this.app.globalData, { myUrl: baseUrl, token, userInfo: user });
  }

  /** Loads the room page and calls onLoad(query) and onShow(), as WeChat does on navigation. */
  openRoom(query) {
    this.run(path.join('pages', 'room', 'room.js'));
    if (!this.page) throw new Error('room.js did not call Page()');
    this.guard('onLoad', () => this.page.onLoad(query));
    this.guard('onShow', () => this.page.onShow());
    return this.page;
  }

  run(relative) {
    const file = path.join(CLIENT_DIR, relative);
    vm.runInContext(fs.readFileSync(file, 'utf8'), this.context, { filename: file });
  }

  changed() {
    this.events.emit('change');
  }

  guard(label, fn) {
    try {
      return fn();
    } catch (error) {
      this.errors.push({ label, error });
      this.changed();
      return undefined;
    }
  }

  /** Resolves once condition() holds, re-checked whenever anything happens; rejects at the deadline. */
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
        reject(new Error(`[${this.name}] timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.events.on('change', check);
      check();
    });
  }

  /** The current socket drops without a closing handshake, as when the network goes away. */
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
        throw new Error(`require(${JSON.stringify(id)}) is not provided by the stand-in`);
      },
      console,
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
    page.setData = function setData(patch, callback) {
      for (const [key, value] of Object.entries(patch)) page.data[key] = structuredClone(value);
      runtime.changed();
      if (typeof callback === 'function') runtime.setTimeout(callback, 0, []);
    };
    return page;
  }

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

  callback(label, fn, arg) {
    if (typeof fn !== 'function' || this.disposed) return;
    this.guard(label, () => fn(arg));
    this.changed();
  }

  wx() {
    const runtime = this;
    return {
      request: (options) => this.request(options),
      connectSocket: (options) => {
        const task = new SocketTask(runtime, options);
        runtime.sockets.push(task);
        return task;
      },
      login(options = {}) {
        queueMicrotask(() => runtime.callback('login fail', options.fail, { errMsg: 'login:fail not in the stand-in' }));
      },
      showToast(options = {}) {
        runtime.toasts.push(options);
        runtime.changed();
      },
    };
  }

  request({ url, method = 'GET', header = {}, data, success, fail, complete }) {
    const upper = method.toUpperCase();
    const init = { method: upper, headers: { ...header } };
    let target = url;
    if (upper === 'GET') {
      const u = new URL(url);
      for (const [key, value] of Object.entries(data || {})) u.searchParams.append(key, String(value));
      target = u.toString();
    } else if (data !== undefined) {
      init.body = typeof data === 'string' ? data : JSON.stringify(data);
    }
    if (this.offline) {
      queueMicrotask(() => {
        this.callback('request fail', fail, { errMsg: 'request:fail offline' });
        this.callback('request complete', complete, {});
      });
      return { abort() {} };
    }
    const abort = new AbortController();
    init.signal = abort.signal;
    this.aborts.add(abort);
    fetch(target, init)
      .then(async (response) => {
        const text = await response.text();
        let body;
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
        this.callback('request success', success, { statusCode: response.status, data: body, errMsg: 'request:ok' });
      }, (error) => this.callback('request fail', fail, { errMsg: `request:fail ${error.message}` }))
      .finally(() => {
        this.aborts.delete(abort);
        this.callback('request complete', complete, {});
      });
    return { abort: () => abort.abort() };
  }

  async close() {
    if (this.disposed) return;
    if (this.page && typeof this.page.onUnload === 'function') this.guard('onUnload', () => this.page.onUnload());
    this.disposed = true;
    this.leftTimers = this.timers.size;
    for (const id of this.timers) clearTimeout(id);
    this.timers.clear();
    for (const abort of this.aborts) abort.abort();
    await Promise.all(this.sockets.map((s) => s.shutDown()));
    this.events.removeAllListeners();
  }
}

/** WeChat's SocketTask: on* callbacks replace the previous one, like the stand-in in src/test/js. */
class SocketTask {
  constructor(runtime, { url, header = {}, success, fail }) {
    this.runtime = runtime;
    this.own = {};
    this.handlerCalls = { open: 0, close: 0, error: 0, message: 0 };
    this.closed = new Promise((resolve) => { this.markClosed = resolve; });
    if (runtime.offline) {
      this.socket = null;
      this.markClosed();
      queueMicrotask(() => {
        runtime.callback('connectSocket fail', fail, { errMsg: 'connectSocket:fail offline' });
        this.fire('error', { errMsg: 'offline' });
        this.fire('close', { code: 1006, reason: '' });
      });
      return;
    }
    const socket = new WebSocket(url, [], { headers: { ...header } });
    this.socket = socket;
    queueMicrotask(() => runtime.callback('connectSocket success', success, { errMsg: 'connectSocket:ok' }));
    socket.on('open', () => this.fire('open', {}));
    socket.on('message', (data) => {
      const text = data.toString('utf8');
      runtime.received.push(text);
      this.fire('message', { data: text });
    });
    socket.on('error', (error) => this.fire('error', { errMsg: error.message }));
    socket.on('close', (code, reason) => {
      this.markClosed();
      this.fire('close', { code, reason: reason.toString('utf8') });
    });
  }

  fire(event, arg) {
    this.runtime.callback(`SocketTask.on${event}`, this.own[event], arg);
  }

  onOpen(cb) { this.handlerCalls.open += 1; this.own.open = cb; }
  onClose(cb) { this.handlerCalls.close += 1; this.own.close = cb; }
  onError(cb) { this.handlerCalls.error += 1; this.own.error = cb; }
  onMessage(cb) { this.handlerCalls.message += 1; this.own.message = cb; }

  send({ data, success, fail } = {}) {
    const record = { data, task: this };
    this.runtime.sent.push(record);
    this.runtime.changed();
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
      queueMicrotask(() => this.runtime.callback('send fail', fail, { errMsg: 'sendSocketMessage:fail not connected' }));
      return;
    }
    this.socket.send(data, (error) => {
      if (error) this.runtime.callback('send fail', fail, { errMsg: error.message });
      else this.runtime.callback('send success', success, { errMsg: 'sendSocketMessage:ok' });
    });
  }

  close({ code = 1000, reason = '', success } = {}) {
    if (this.socket && this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate();
    else if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.close(code, reason);
    queueMicrotask(() => this.runtime.callback('closeSocket success', success, { errMsg: 'closeSocket:ok' }));
  }

  async shutDown() {
    if (!this.socket) return;
    this.socket.on('error', () => {});
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
  }
}

module.exports = { MiniProgram, CLIENT_DIR };
