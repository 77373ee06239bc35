// The host console: host.html creates a stream; host.html?stream=<id> runs it: share link, the question board,
// the chat and its moderation. The host and the stream's moderators run the room; anyone else sees the board.
import { Api } from './api.js';
import { Composer } from './composer.js';
import { FORBIDDEN, ROLES } from './codes.js';
import { LiveRoom } from './live-room.js';
import { HostPolls } from './polls.js';
import { QuestionBoard } from './question-board.js';
import { avatar, el, notify } from './render.js';
import { RoomAdmin } from './room-admin.js';
import { RoomControls } from './room-controls.js';
import { signIn } from './signin.js';
import { followLikes } from './likes.js';
import { PinControls, PinnedBanner, followPin } from './pinned.js';

const $ = (id) => document.getElementById(id);
const MINE_KEY = 'liveroom.hosted';
const api = new Api();

main().catch((error) => notify(error.message));

async function main() {
  if (!api.user) await signIn(api, $('signin'));
  const streamId = new URLSearchParams(location.search).get('stream');
  if (!streamId || !/^\d+$/.test(streamId)) {
    createStream();
    return;
  }
  let stream;
  try {
    stream = await api.stream(streamId);
  } catch (error) {
    notify(error.message);
    createStream();
    return;
  }
  await runConsole(stream);
}

function createStream() {
  $('create').hidden = false;
  showMine();
  $('create-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const stream = await api.createStream({
        title: form.elements.title.value.trim(),
        orgName: form.elements.orgName.value.trim(),
        orgLogo: form.elements.orgLogo.value.trim(),
      });
      remember(stream);
      location.search = new URLSearchParams({ stream: stream.id }).toString();
    } catch (error) {
      notify(error.message);
      button.disabled = false;
    }
  });
}

function remember(stream) {
  const mine = readMine().filter((s) => s.id !== stream.id);
  mine.unshift({ id: stream.id, title: stream.title, userId: api.user.id });
  localStorage.setItem(MINE_KEY, JSON.stringify(mine.slice(0, 20)));
}

function readMine() {
  try {
    const mine = JSON.parse(localStorage.getItem(MINE_KEY));
    return Array.isArray(mine) ? mine : [];
  } catch {
    return [];
  }
}

function showMine() {
  const mine = readMine().filter((s) => String(s.userId) === String(api.user?.id));
  $('mine').hidden = mine.length === 0;
  $('mine-list').replaceChildren(...mine.map((s) => el('li', {},
    el('a', { text: s.title, attrs: { href: `host.html?stream=${encodeURIComponent(s.id)}` } }))));
}

async function runConsole(stream) {
  showStream(stream);
  const host = String(stream.hostId) === String(api.user.id);
  let moderator = host || await isModerator(stream, false);
  $('not-host').hidden = moderator;
  const link = new URL(`./?stream=${encodeURIComponent(stream.id)}`, location.href).href;
  $('share-link').value = link;
  $('open-link').href = link;
  $('copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(link);
      notify('Link copied.', 'info');
    } catch {
      $('share-link').select();
    }
  });

  let admin = null;
  let pins = null;
  const banner = new PinnedBanner($('pinned'), { unpin: () => pins.unpin(), mayUnpin: () => moderator });
  pins = new PinControls({ api, stream, banner, form: $('pin-form'), enabled: moderator });
  const controls = new RoomControls({
    api, stream, enabled: moderator, appoint: (userId, name) => admin.appoint(userId, name),
    moreTools: (item, button) => pins.itemTool(item, button),
  });
  admin = new RoomAdmin({ api, stream, host, moderator, nameOf: (id) => controls.nameOf(id) });
  const room = new LiveRoom({
    api,
    stream,
    list: $('items'),
    scroller: $('chat-scroll'),
    state: $('state'),
    outbox: $('outbox'),
    earlier: $('earlier'),
    online: $('online'),
    empty: $('empty'),
    fastChat: $('fast-chat'),
    itemTools: (item, node) => controls.itemTools(item, node),
  });
  const questions = new QuestionBoard({ api, stream, moderator });
  const polls = new HostPolls({ api, stream, moderator, $ });
  followLikes({ room, api, stream, node: $('likes') });
  $('likes-total').hidden = false;
  // this user appointed or removed as a moderator: the controls come or go without a reload of the page
  const setModerator = (on) => {
    if (on === moderator) return false;
    moderator = on;
    $('not-host').hidden = on;
    controls.enable(on);
    pins.enable(on);
    questions.setModerator(on);
    polls.setModerator(on);
    admin.enable(on);
    composer.setExempt(on);
    return true;
  };
  let roleEvents = 0; // events naming this user's role, so an older reading of it does not overrule them
  room.addEventListener('event', (e) => {
    const { code, data } = e.detail;
    if (code === ROLES && !host && String(data?.user) === String(api.user.id)) {
      roleEvents += 1;
      if (setModerator(Boolean(data.moderator))) {
        questions.reload();
        controls.reload();
      }
    }
    questions.event(e.detail);
    polls.event(e.detail);
    controls.event(e.detail);
    admin.event(e.detail);
    composer.event(e.detail);
  });
  // events missed while away are not replayed: read this user's role, the board and the room's rules again on
  // every join
  room.connection.addEventListener('joined', async () => {
    if (!host) {
      const seen = roleEvents;
      const on = await isModerator(stream, moderator);
      if (seen === roleEvents) setModerator(on);
    }
    questions.reload();
    polls.reload();
    controls.reload();
    admin.reload();
    api.roomSettings(stream.id).then((settings) => composer.settings(settings), () => {});
  });
  followPin(room, banner);
  room.addEventListener('refused', (e) => composer.refused(e.detail));
  room.addEventListener('shut', (e) => composer.banned(e.detail.reason ?? ''));
  room.addEventListener('unauthorized', () => {
    api.signOut();
    notify('Your session has ended: sign in again.');
    location.reload();
  });

  const composer = new Composer({
    form: $('composer'),
    input: $('text'),
    note: $('composer-note'),
    counter: $('counter'),
    maxLength: Number($('text').dataset.maxLength),
    exempt: moderator,
    submit: (text) => room.send(text),
  });
  $('state').hidden = false;
  $('console').hidden = false;
  room.start();
}

/**
 * Whether this user is one of the stream's moderators: they may read the list, anyone else but the host is refused.
 * `otherwise` is the answer when the server cannot tell (unreachable, failed).
 */
function isModerator(stream, otherwise) {
  return api.moderators(stream.id).then(() => true, (error) => (error.code === FORBIDDEN ? false : otherwise));
}

function showStream(stream) {
  document.title = `${stream.title} · Host console`;
  $('title').textContent = stream.title;
  $('subtitle').textContent = `${stream.orgName} · room ${stream.roomNumber}`;
  $('org').replaceChildren(avatar(stream.orgLogo, stream.orgName, 'logo'));
}
