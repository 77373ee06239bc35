// The viewer's page: /?stream=<id>. Sign in as a guest, read the room, chat, ask the host.
import { Api } from './api.js';
import { LiveRoom } from './live-room.js';
import { CLOSED, HIGHLIGHT, NOT_FOUND, QUESTION, QUESTION_SETTINGS, SETTINGS } from './codes.js';
import { avatar, notify, roomNotice, showHighlight } from './render.js';
import { signIn } from './signin.js';

const $ = (id) => document.getElementById(id);
const api = new Api();

main().catch((error) => notify(error.message));

async function main() {
  const streamId = new URLSearchParams(location.search).get('stream');
  if (!streamId || !/^\d+$/.test(streamId)) {
    pickStream();
    return;
  }
  let stream;
  try {
    stream = await api.stream(streamId);
  } catch (error) {
    $('title').textContent = error.code === NOT_FOUND ? 'No such room' : 'The room cannot be opened';
    $('subtitle').textContent = error.message;
    pickStream();
    return;
  }
  showStream(stream);
  if (!api.user) await signIn(api, $('signin'));

  const room = new LiveRoom({
    api,
    stream,
    list: $('items'),
    scroller: $('main'),
    state: $('state'),
    outbox: $('outbox'),
    earlier: $('earlier'),
    online: $('online'),
  });
  let signingIn = false;
  const signInAgain = async () => {
    if (signingIn) return;
    signingIn = true;
    room.stop();
    api.signOut();
    $('composer').hidden = true;
    notify('Your session has ended: please sign in again.');
    await signIn(api, $('signin'));
    $('composer').hidden = false;
    signingIn = false;
    room.start();
  };
  room.addEventListener('unauthorized', signInAgain);
  api.onUnauthorized = signInAgain;

  $('room').hidden = false;
  $('composer').hidden = false;
  wireComposer(room);
  followRoom(room, stream);
  room.addEventListener('shut', () => {
    $('composer').hidden = true;
  });
  room.start();
}

/**
 * The highlight, the anonymous-asking choice and the room's rules: read on every (re)join, since events missed
 * while away are not replayed, and kept current by the room's events.
 */
function followRoom(room, stream) {
  const rules = { closed: false, slowModeSeconds: 0 };
  const showRules = (change) => {
    Object.assign(rules, change);
    const text = roomNotice(rules);
    $('room-notice').textContent = text;
    $('room-notice').hidden = !text;
  };
  const showAnonymous = (allowed) => {
    $('anonymous-choice').hidden = !allowed;
    if (!allowed) $('anonymous').checked = false;
  };
  room.connection.addEventListener('joined', async () => {
    try {
      const [highlight, questionSettings, settings] = await Promise.all([
        api.highlighted(stream.id), api.questionSettings(stream.id), api.roomSettings(stream.id)]);
      showHighlight($('highlight'), highlight.question ?? null);
      showAnonymous(questionSettings.allowAnonymous);
      showRules(settings);
    } catch (error) {
      notify(`The room's settings could not be read: ${error.message}`);
    }
  });
  room.addEventListener('event', (e) => {
    const { code, data } = e.detail;
    if (code === HIGHLIGHT) showHighlight($('highlight'), data.question ?? null);
    if (code === QUESTION && $('highlight').dataset.questionId === String(data.id)) {
      showHighlight($('highlight'), data.status === 'dismissed' ? null : data);
    }
    if (code === QUESTION_SETTINGS) showAnonymous(data.allowAnonymous);
    if (code === CLOSED || code === SETTINGS) showRules(data);
  });
}

function wireComposer(room) {
  const form = $('composer');
  const input = $('text');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (event.submitter?.value === 'question') room.ask(text, { anonymous: $('anonymous').checked });
    else room.send(text);
    input.value = '';
    input.focus();
  });
}

function showStream(stream) {
  document.title = `${stream.title} · Liveroom`;
  $('title').textContent = stream.title;
  $('subtitle').textContent = stream.orgName;
  $('org').replaceChildren(avatar(stream.orgLogo, stream.orgName, 'logo'));
}

function pickStream() {
  const section = $('pick');
  section.hidden = false;
  section.querySelector('form').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = event.target.elements.stream.value.trim();
    location.search = new URLSearchParams({ stream: id }).toString();
  });
}
