// Shared by the browser tests: the server under test, the browser, waiting on conditions with deadlines.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));

export const WAIT_MS = 15_000;

/** BASE_URL of the deployed server, ending with '/'. The tests fail without it: they test a running server. */
export function baseUrl() {
  const value = process.env.BASE_URL;
  if (!value) throw new Error('BASE_URL is not set: run as BASE_URL=http://127.0.0.1:8282/ npm test');
  return value.endsWith('/') ? value : `${value}/`;
}

export function screenshotDir() {
  const dir = process.env.SCREENSHOT_DIR || path.join(here, 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
}

/**
 * A page in a context of its own (its own storage, so its own guest), that records what a test must not see:
 * dialogs (alert from injected script), uncaught errors, and every WebSocket the page opens.
 */
export async function openContext(browser, { name, viewport }) {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(() => {
    const Native = window.WebSocket;
    window.__sockets = [];
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        window.__sockets.push(this);
      }
    };
  });
  const page = await context.newPage();
  const trouble = { dialogs: [], errors: [] };
  // every frame on every socket the page opens, parsed: {dir: 'sent'|'received', frame}
  const frames = [];
  page.on('websocket', (socket) => {
    const record = (dir) => ({ payload }) => {
      try {
        frames.push({ dir, frame: JSON.parse(String(payload)) });
      } catch {
        frames.push({ dir, frame: null });
      }
    };
    socket.on('framesent', record('sent'));
    socket.on('framereceived', record('received'));
  });
  page.on('dialog', (dialog) => {
    trouble.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (error) => trouble.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource|WebSocket connection/.test(message.text())) {
      trouble.errors.push(message.text());
    }
  });
  return { name, context, page, trouble, frames };
}

/** A guest made over REST, for calls the test makes itself (checking history). */
export async function guest(displayName) {
  const reply = await rest('POST', 'api/auth/guest', { displayName, avatarUrl: '' });
  return reply.data;
}

export async function rest(method, relative, body, token) {
  const response = await fetch(new URL(relative, baseUrl()), {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${relative}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** Resolves once fn() returns something truthy (awaiting it), re-checking every few ms; rejects at the deadline. */
export async function until(fn, what, timeoutMs = WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A small SVG picture as a data: address, so avatars and logos render without any outside host. */
export function picture(letter, color) {
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' width='64' height='64'><rect width='64' height='64' fill='${color}'/>`
    + `<text x='32' y='43' font-size='30' font-family='sans-serif' fill='white' text-anchor='middle'>${letter}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

// ---- the web pages, as a user drives them ----

export async function signIn(page, displayName, avatarUrl) {
  const form = page.locator('#signin-form');
  await form.waitFor({ timeout: WAIT_MS });
  await form.locator('[name=displayName]').fill(displayName);
  await form.locator('[name=avatarUrl]').fill(avatarUrl);
  await form.locator('button[type=submit]').click();
  await form.waitFor({ state: 'hidden', timeout: WAIT_MS });
}

/**
 * Signs a host in on the console, creates a stream there and waits until it is live: the viewers' link and the
 * stream's id.
 */
export async function createStream(page, { host, hostPicture, title, orgName = 'Acme', orgLogo = picture('A', '#0f766e') }) {
  await page.goto(new URL('host.html', baseUrl()).href);
  await signIn(page, host, hostPicture);
  const form = page.locator('#create-form');
  await form.locator('[name=title]').fill(title);
  await form.locator('[name=orgName]').fill(orgName);
  await form.locator('[name=orgLogo]').fill(orgLogo);
  await form.locator('button[type=submit]').click();
  await page.waitForURL(/host\.html\?stream=\d+/, { timeout: WAIT_MS });
  await livePill(page);
  const link = await page.locator('#share-link').inputValue();
  return { link, stream: new URL(link).searchParams.get('stream') };
}

export function livePill(page) {
  return page.locator('#state[data-state=live]').waitFor({ timeout: WAIT_MS });
}

export async function say(page, text) {
  await page.locator('#text').fill(text);
  await page.locator('#composer button[value=message]').click();
}

export async function ask(page, text) {
  await page.locator('#text').fill(text);
  await page.locator('#composer button[value=question]').click();
}

/** Waits until the page lists an item of that type containing the text; returns its locator. */
export async function itemShown(page, text, type = 'message') {
  const item = page.locator(`#items li.item.${type}`, { hasText: text });
  await item.first().waitFor({ timeout: WAIT_MS });
  return item.first();
}


export function shownSeqs(page) {
  return page.locator('#items li.item').evaluateAll((nodes) => nodes.map((n) => Number(n.dataset.seq)));
}

export async function roomHistory(stream) {
  const { data: me } = await rest('POST', 'api/auth/guest', { displayName: 'checker', avatarUrl: '' });
  const reply = await rest('GET', `api/message/chatmsg?stream=${stream}&page=1&resultsPerPage=1000&type=`, undefined, me.token);
  return reply.data.items;
}
