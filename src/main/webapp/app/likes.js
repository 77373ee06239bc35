// Likes: the room's like total (event LIKES, pushed at most once a second, and GET .../likes on every (re)join) and
// the like button, which the viewer may tap as often as it likes. Taps go over the room's socket in like frames
// (FRAME.LIKE), gathered into one frame every BATCH_MS; each tap floats a small heart up from the button. The count
// shown never goes backwards: a tap shows at once, and a pushed total replaces it once it is higher.
import { BANNED, CLOSED, LIKES } from './codes.js';

const BATCH_MS = 250;
const MAX_PER_FRAME = 100;
/** The server's default allowance (liveroom.likes.per-second): taps beyond it are not counted, so not shown either. */
const PER_SECOND = 10;
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

/** How a total reads: in full up to 9,999, then compact (12.3K). */
export function likesText(total) {
  return total < 10_000 ? total.toLocaleString() : compact.format(total);
}

/**
 * Keeps `node` showing the room's like total: read on every (re)join, then as pushed. Returns the tracker, whose
 * `shown` is the total on screen, and whose `add(n)` shows the user's own taps before the server counts them.
 */
export function followLikes({ room, api, stream, node }) {
  const tracker = {
    shown: 0,
    show(total) {
      if (total <= tracker.shown && node.textContent !== '') return;
      tracker.shown = Math.max(tracker.shown, total);
      node.textContent = likesText(tracker.shown);
      node.dataset.likes = String(tracker.shown);
      node.title = `${tracker.shown.toLocaleString()} likes`;
    },
    add(taps) {
      tracker.show(tracker.shown + taps);
    },
  };
  tracker.show(0);
  room.connection.addEventListener('joined', async () => {
    try {
      const { likes } = await api.call('GET', `api/streams/${encodeURIComponent(stream.id)}/likes`);
      tracker.show(likes);
    } catch {
      // the next push brings the total
    }
  });
  room.addEventListener('event', (e) => {
    const { code, data } = e.detail;
    if (code === LIKES && String(data?.stream) === String(stream.id)) tracker.show(data.likes);
  });
  return tracker;
}

/**
 * The like button of the viewer's page: `button` holds the count node `tracker` writes to. Off while the room is
 * closed or the viewer banned.
 */
export function likeButton({ room, tracker, button }) {
  let waiting = 0;
  let timer = 0;
  const recent = []; // when the last taps were shown, for the allowance
  const flush = () => {
    timer = 0;
    while (waiting > 0) {
      const count = Math.min(waiting, MAX_PER_FRAME);
      if (!room.connection.like(count)) break;
      waiting -= count;
    }
    // taps made while the room was not live are not sent later: a like is of the moment
    waiting = 0;
  };
  button.addEventListener('click', () => {
    const now = performance.now();
    while (recent.length > 0 && now - recent[0] > 1000) recent.shift();
    if (recent.length < PER_SECOND) {
      recent.push(now);
      tracker.add(1);
    }
    waiting += 1;
    if (!timer) timer = setTimeout(flush, BATCH_MS);
    float(button);
  });
  const setOff = (off, why = '') => {
    button.disabled = off;
    button.title = off ? why : 'Like';
  };
  room.addEventListener('event', (e) => {
    const { code, data } = e.detail;
    if (code === CLOSED) setOff(Boolean(data?.closed), 'The room is closed');
    if (code === BANNED) setOff(true, 'You are banned from this room');
  });
  room.addEventListener('shut', () => setOff(true, 'You are not in this room'));
  room.connection.addEventListener('joined', async () => {
    try {
      const settings = await room.api.roomSettings(room.stream.id);
      setOff(settings.closed, 'The room is closed');
    } catch {
      // the room's events keep it right
    }
  });
}

/** A small heart that floats up from the button and fades (none when the reader asks for less motion). */
function float(button) {
  if (matchMedia('(prefers-reduced-motion: reduce)').matches) return;
  const heart = document.createElement('span');
  heart.className = 'like-float';
  heart.textContent = '♥';
  heart.setAttribute('aria-hidden', 'true');
  heart.style.setProperty('--drift', `${Math.round((Math.random() - 0.5) * 28)}px`);
  heart.addEventListener('animationend', () => heart.remove());
  button.append(heart);
}
