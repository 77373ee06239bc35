// Every code on the wire, in one table for the whole web client. The socket's codes carry the names of the
// server's table (com.liveroom.wire.WireCodes); refusals reuse the HTTP statuses, on the socket as in REST
// answers (the server's Refusal); close codes are the WebSocket ones the server closes with. docs/protocol.md
// describes each frame. No other module writes one of these numbers.

/** A frame's `type`, client to server. */
export const FRAME = Object.freeze({ HEARTBEAT: 1, CHAT: 2, JOIN: 3, LIKE: 4 });

// ---- server to client: the socket's codes ----

/** A chat item: `{code:200, data:"<the item as JSON text>"}`. Nothing else travels with 200. */
export const ITEM = 200;
/** A join answered: `{topic, stream, epoch, seq, replayed}`. */
export const JOINED = 201;
/** A message with a clientMsgId is on disk: `{clientMsgId, id, seq}`. */
export const ACK = 202;

/** An item was deleted: `{stream, topic, id, seq}`. */
export const DELETED = 210;
/** This user was muted (`until` set) or unmuted: `{stream, topic, user, until?, reason?}`. */
export const MUTED = 211;
/** This user was banned and taken out of the room: `{stream, topic, user, reason?}`. */
export const BANNED = 212;
/** The room was closed or reopened: `{stream, topic, closed}`. */
export const CLOSED = 213;
/** Slow mode, the blocked-terms mode or the chat budget changed: `{stream, topic, slowModeSeconds, blockedTermsMode, chatBudget}`. */
export const SETTINGS = 214;
/** The room's online count: `{stream, topic, online}`. */
export const ONLINE = 215;
/** A moderator was appointed (`moderator` true) or removed: `{stream, topic, user, moderator}`. */
export const ROLES = 216;

/** A question viewers can see appeared or changed: the QuestionView. */
export const QUESTION = 220;
/** A question's vote count: `{stream, questionId, votes}`. */
export const VOTES = 221;
/** The highlighted question changed: `{stream, question?}`. */
export const HIGHLIGHT = 222;
/** The room's question settings changed: `{stream, holdForReview, allowAnonymous}`. */
export const QUESTION_SETTINGS = 223;
/** A held question appeared or was dismissed while held, to the host and moderators alone: the QuestionView. */
export const HELD = 224;

/**
 * The room talks faster than its chat budget: of the items with a seq from `from` to `to`, those this socket was not
 * sent (`skipped`) were left out on purpose, and are in history: `{stream, topic, from, to, skipped, budget}`.
 * It comes before any item beyond them, so they are never a gap to fill.
 */
export const SKIPPED = 230;

/** A poll viewers can see appeared or changed (opened, closed, removed); drafts go to the host and moderators only. */
export const POLL = 240;
/** An open poll's counts, at most once a second per poll. */
export const POLL_RESULTS = 241;
/** The room's like total, at most once a second. */
export const LIKES = 250;
/** The pinned announcement was set, replaced or taken down: `{stream, topic, pin?}`. */
export const PINNED = 260;

/**
 * Room events (moderation and presence 210-219, the question board 220-229, delivery 230-239, polls 240-249,
 * likes 250-259, the pinned announcement 260-269) come as `{code, msg, data}`.
 */
export const FIRST_EVENT = 210;
export const LAST_EVENT = 269;

/** A resume that cannot be replayed: the socket is joined, what was missed is read from history. */
export const GONE = 410;

// ---- refusals, on the socket and in REST answers ----

/** A REST answer that succeeded (`{code:200, data}`). */
export const OK = 200;
export const BAD_REQUEST = 400;
export const UNAUTHORIZED = 401;
export const FORBIDDEN = 403;
export const NOT_FOUND = 404;
/** The room is closed, or a step the question's state does not allow. */
export const CONFLICT = 409;
export const TOO_LARGE = 413;
/** Too many messages, sockets or rooms; slow mode (the msg says how long to wait). */
export const TOO_MANY = 429;
/** The server failed on this frame: send it again. */
export const INTERNAL_ERROR = 500;
/** Too busy to store the message, or storing it failed: send it again. */
export const UNAVAILABLE = 503;

// ---- WebSocket close codes ----

/** The page closes a socket it no longer wants with this. */
export const NORMAL_CLOSURE = 1000;
/** The socket sent nothing for the idle timeout. */
export const GOING_AWAY = 1001;
/** A binary frame. */
export const CANNOT_ACCEPT = 1003;
/** The connection was dropped without a close frame. */
export const CLOSED_ABNORMALLY = 1006;
/** The token expired, or the socket did not sign in in time, or too many sockets. */
export const VIOLATED_POLICY = 1008;
/** A frame over 64 KiB. */
export const TOO_BIG = 1009;
/**
 * The server is stopping (a restart, a deploy): reconnect after the wait its close reason names
 * ("restarting: reconnect in <ms> ms"), which the server spreads over the room, and resume with `since`.
 */
export const SERVICE_RESTART = 1012;
/** The socket fell too far behind: reconnect and resume with `since`. */
export const TRY_AGAIN_LATER = 1013;
