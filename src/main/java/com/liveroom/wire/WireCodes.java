package com.liveroom.wire;

/**
 * Every code a socket frame carries, in one table (the web client's copy is {@code app/codes.js}). Refusals of a
 * frame reuse the HTTP statuses of {@code platform.control.Refusal} (400, 401, 403, 404, 409, 413, 429, 500, 503).
 * Only chat items go out with 200: the mini-program shows every such frame as a chat item.
 */
public final class WireCodes {

    /** A chat item: {@code {code:200, data:"<the item as JSON text>"}}. */
    public static final int ITEM = 200;
    /** A join answered: {@code {stream, topic, epoch, seq, replayed}}. */
    public static final int JOINED = 201;
    /** A message with a {@code clientMsgId} is on disk: {@code {clientMsgId, id, seq}}. */
    public static final int ACK = 202;

    /** An item was deleted: {@code {stream, topic, id, seq}}. To the whole room. */
    public static final int DELETED = 210;
    /** The receiving user was muted ({@code until} set) or unmuted ({@code until} null). To that user's sockets. */
    public static final int MUTED = 211;
    /** The receiving user was banned and taken out of the room. To that user's sockets, which then leave it. */
    public static final int BANNED = 212;
    /** The room was closed or reopened: {@code {stream, topic, closed}}. To the whole room. */
    public static final int CLOSED = 213;
    /** Slow mode or the blocked-terms mode changed: {@code {stream, topic, slowModeSeconds, blockedTermsMode}}. */
    public static final int SETTINGS = 214;
    /** How many distinct users are in the room: {@code {stream, topic, online}}. */
    public static final int ONLINE = 215;
    /** A moderator was appointed or removed: {@code {stream, topic, user, moderator}}. To the whole room. */
    public static final int ROLES = 216;

    /** A question viewers can see appeared or changed: opened, answered, answer corrected, dismissed. */
    public static final int QUESTION = 220;
    /** A question's vote count, at most once per question per {@code liveroom.questions.vote-push-millis}. */
    public static final int VOTES = 221;
    /** The highlighted question changed, or the highlight was cleared. */
    public static final int HIGHLIGHT = 222;
    /** The room's question settings changed. */
    public static final int QUESTION_SETTINGS = 223;
    /** A held question appeared, or was dismissed while held: to the room's host and moderators only. */
    public static final int HELD = 224;

    /** A resume that cannot be replayed in part: reload from history; the member continues live. */
    public static final int GONE = 410;

    private WireCodes() {
    }
}
