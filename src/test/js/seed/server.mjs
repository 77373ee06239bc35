// What the seed page's tests need of the server: its base URL, its REST calls, a guest to sign in as, and the seed
// page opened on a stream as a signed-in user.
import assert from 'node:assert/strict';
import wxRuntime from '../wx-standin.cjs';

export function requiredBaseUrl() {
  const value = process.env.BASE_URL;
  assert.ok(value, 'BASE_URL is not set: run with BASE_URL=http://127.0.0.1:8080/ (the server base URL)');
  return value.endsWith('/') ? value : `${value}/`;
}

export async function api(baseUrl, method, path, token, body) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.Authorization = token;
  const response = await fetch(new URL(path, baseUrl), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}

export async function guest(baseUrl, displayName) {
  const avatarUrl = `https://example.com/avatars/${encodeURIComponent(displayName)}.png`;
  const res = await api(baseUrl, 'POST', 'api/auth/guest', undefined, { displayName, avatarUrl });
  assert.equal(res.status, 200, `guest login: ${JSON.stringify(res.body)}`);
  assert.equal(res.body.code, 200);
  const { token, user } = res.body.data;
  assert.ok(token, 'guest login returns a token');
  assert.equal(user.displayName, displayName);
  assert.equal(user.avatarUrl, avatarUrl);
  return { token, user };
}

/** Opens the seed page on a stream as a guest (`{token, user}`), keeping each page in `pages` to close after the test. */
export function seedPageOpener(baseUrl, stream, pages) {
  return (name, who) => {
    const page = wxRuntime.openPage({
      name, baseUrl, token: who.token,
      user: { id: who.user.id, displayName: who.user.displayName, avatarUrl: who.user.avatarUrl },
      query: { id: stream.id, roomNum: stream.roomNumber },
    });
    pages.push(page);
    return page;
  };
}
