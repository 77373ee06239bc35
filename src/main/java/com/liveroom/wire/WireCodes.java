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
    /**
     * Slow mode, the blocked-terms mode or the chat budget changed:
     * {@code {stream, topic, slowModeSeconds, blockedTermsMode, chatBudget}}.
     */
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

    /**
     * Items this socket was not sent, on purpose: of the room's items with a seq in {@code from..to}, the ones it
     * did not receive ({@code skipped} of them, besides deleted ones) were left out to keep it within the room's chat
     * budget. They are in history. {@code {stream, topic, from, to, skipped, budget}}. It comes before any item
     * beyond those seqs, so a client never takes them for a gap; with no item to precede, at most one a second.
     */
    public static final int SKIPPED = 230;

    /**
     * A poll viewers can see appeared or changed: opened, closed (with its final counts), or removed. A draft, and a
     * change to one, goes to the room's host and moderators only.
     */
    public static final int POLL = 240;
    /** An open poll's counts, at most once a second per poll, the last always sent. */
    public static final int POLL_RESULTS = 241;

    /** The room's like total, added up over every server, at most once a second. */
    public static final int LIKES = 250;

    /** The pinned announcement was set, replaced, or taken down (by hand or at its end). */
    public static final int PINNED = 260;

    /** A resume that cannot be replayed in part: reload from history; the member continues live. */
    public static final int GONE = 410;

    /**
     * How a room delivers a frame when more is said than a person can read. <b>Essential</b> frames always reach
     * every member, in order; <b>chat</b> (viewers' messages, which are items, not events) may be sampled down to the
     * room's chat budget; <b>ambient</b> frames carry a value that the next one of the same kind replaces (a count),
     * so a member is given the latest one, at most once per interval.
     */
    public enum Delivery {
        ESSENTIAL, CHAT, AMBIENT
    }

    /** How the events of each code are delivered: the counters are ambient, every other event is essential. */
    public static Delivery deliveryOf(int code) {
        return switch (code) {
            case ONLINE, VOTES, POLL_RESULTS, LIKES -> Delivery.AMBIENT;
            default -> Delivery.ESSENTIAL;
        };
    }

    /**
     * The code of a frame {@link Frames} wrote: its JSON-B writes an object's properties in lexicographic order, so
     * {@code code} comes first, as {@code {"code":NNN}. -1 for anything else.
     */
    public static int codeOf(String frame) {
        String head = "{\"code\":";
        if (!frame.startsWith(head)) {
            return -1;
        }
        int code = 0;
        int i = head.length();
        for (; i < frame.length() && Character.isDigit(frame.charAt(i)); i++) {
            code = code * 10 + (frame.charAt(i) - '0');
        }
        return i == head.length() ? -1 : code;
    }

    private WireCodes() {
    }
}
