// The viewer's page: /?stream=<id>. Sign in as a guest, read the room, chat, ask the host.
import { Api } from './api.js';
import { LiveRoom } from './live-room.js';
import { avatar, notify } from './render.js';
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
    $('title').textContent = error.code === 404 ? 'No such room' : 'The room cannot be opened';
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
  room.start();
}

function wireComposer(room) {
  const form = $('composer');
  const input = $('text');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (event.submitter?.value === 'question') room.ask(text);
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
