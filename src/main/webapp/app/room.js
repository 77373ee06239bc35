// The viewer's page: /?stream=<id>. Sign in as a guest, read the room, chat, ask the host.
import { Api } from './api.js';
import { LiveRoom } from './live-room.js';
import { Composer } from './composer.js';
import { HIGHLIGHT, NOT_FOUND, QUESTION, QUESTION_SETTINGS } from './codes.js';
import { avatar, notify, showHighlight } from './render.js';
import { RoomPolls } from './polls.js';
import { signIn } from './signin.js';
import { followLikes, likeButton } from './likes.js';
import { PinnedBanner, followPin } from './pinned.js';

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
    empty: $('empty'),
    fastChat: $('fast-chat'),
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
  $('state').hidden = false;
  followPin(room, new PinnedBanner($('pinned')));
  const composer = wireComposer(room);
  followRoom(room, stream, composer);
  followPolls(room, stream);
  likeButton({ room, tracker: followLikes({ room, api, stream, node: $('likes') }), button: $('like') });
  room.addEventListener('shut', (e) => composer.banned(e.detail.reason ?? ''));
  room.addEventListener('refused', (e) => composer.refused(e.detail));
  room.start();
}

/**
 * The highlight, the anonymous-asking choice and the room's rules: read on every (re)join, since events missed
 * while away are not replayed, and kept current by the room's events.
 */
function followRoom(room, stream, composer) {
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
      composer.settings(settings);
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
    composer.event(e.detail);
  });
}

/** The open poll, shown below the highlight: read on every (re)join, kept current by the room's events. */
function followPolls(room, stream) {
  const polls = new RoomPolls({ api, stream, node: $('poll'), highlight: $('highlight') });
  room.connection.addEventListener('joined', () => polls.reload());
  room.addEventListener('event', (e) => polls.event(e.detail));
}

function wireComposer(room) {
  return new Composer({
    form: $('composer'),
    input: $('text'),
    note: $('composer-note'),
    counter: $('counter'),
    maxLength: Number($('text').dataset.maxLength),
    submit: (text, kind) => {
      if (kind === 'question') {
        room.ask(text, { anonymous: $('anonymous').checked });
        // each question is asked anonymously only when the box is ticked for it
        $('anonymous').checked = false;
      } else {
        room.send(text);
      }
    },
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
