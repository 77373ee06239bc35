package com.liveroom.moderation.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.moderation.entity.AuditEntry;
import com.liveroom.moderation.entity.BlockedTerm;
import com.liveroom.moderation.entity.Sanction;
import com.liveroom.platform.control.Clocks;
import com.liveroom.platform.control.Refusal;
import com.liveroom.limits.control.Limits;
import com.liveroom.rooms.control.Streams;
import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.rooms.entity.Stream;
import com.liveroom.rooms.entity.TermsMode;
import com.liveroom.wire.WireCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The rules of a room and the actions that change them.
 * <p>
 * The checks ({@link #admit}, {@link #requireWelcome}) sit on the hot path of every message, question and
 * join; they read the cached {@link RoomRules}. The actions check the actor's role against the database
 * ({@link Roles}), write the change with its audit entry ({@link ModerationStore}), evict the room's cached
 * rules, and then tell the room ({@link RoomEvents}): delivery puts each event in order with the room's items, so a
 * member never learns of a deletion before the item itself, and a socket joining at that moment is either replayed
 * the item and told of its deletion, or neither.
 */
@ApplicationScoped
public class Moderation {

    public static final int MAX_SLOW_MODE_SECONDS = 3600;
    /** The highest chat budget a room may set: viewer messages a second to each member. */
    public static final int MAX_CHAT_BUDGET = 1000;
    /** Thirty days. */
    public static final long MAX_MUTE_SECONDS = 30L * 24 * 60 * 60;

    /** What a viewer is posting: a chat message (socket) or a question (REST). */
    public enum Speech {
        MESSAGE("the message"), QUESTION("the question");

        private final String what;

        Speech(String what) {
            this.what = what;
        }
    }

    @Inject
    RoomRules rules;

    @Inject
    ModerationStore store;

    @Inject
    Roles roles;

    @Inject
    RoomEvents events;

    @Inject
    Streams streams;

    @Inject
    SlowMode slowMode;

    @Inject
    Limits limits;

    @Inject
    Clocks clocks;

    @Inject
    Clock clock;

    // ---- the checks

    /**
     * Whether the caller may post this text in the room now, and the text as it is to be stored (blocked
     * terms masked, in a room that masks). In this order: a closed room refuses everyone (409); a banned or
     * muted viewer is refused (403, a mute says until when); a blocked term refuses (400) or is masked; slow
     * mode refuses a viewer's message that comes too soon after its last (429, with the wait). The host and
     * moderators are never muted, banned or slowed.
     */
    public String admit(long streamId, Caller caller, String content, Speech speech) {
        RoomState room = rules.of(streamId);
        if (room.closed()) {
            throw refused("room-closed", Refusal.CONFLICT, "the room is closed: it takes no new messages or questions");
        }
        boolean runsRoom = room.runsRoom(caller.id());
        if (!runsRoom) {
            if (room.ban(caller.id()) != null) {
                throw refused("banned", Refusal.FORBIDDEN, "you are banned from this room");
            }
            RoomState.Restriction mute = room.mute(caller.id(), clock.instant());
            if (mute != null) {
                throw refused("muted", Refusal.FORBIDDEN, "you are muted in this room until " + clocks.format(mute.until())
                        + (mute.reason() == null ? "" : ": " + mute.reason()));
            }
        }
        String text = screen(room, content, speech.what);
        if (!runsRoom && speech == Speech.MESSAGE && room.slowModeSeconds() > 0) {
            long waitMillis = slowMode.take(streamId, caller.id(), room.slowModeSeconds(), System.nanoTime());
            if (waitMillis > 0) {
                long seconds = (waitMillis + 999) / 1000;
                throw refused("slow-mode", Refusal.TOO_MANY, "slow mode: one message every " + room.slowModeSeconds()
                        + " s; wait " + seconds + " s");
            }
        }
        return text;
    }

    /** Refuses (403) a banned user's join. */
    public void requireWelcome(long streamId, long userId) {
        RoomState room = rules.of(streamId);
        if (!room.runsRoom(userId) && room.ban(userId) != null) {
            throw refused("banned", Refusal.FORBIDDEN, "you are banned from this room");
        }
    }

    /**
     * The text as the room's blocked terms let it be shown, for whatever the host side posts outside the chat (a
     * pinned announcement): refused (400) or masked, as the room's mode says. {@code what} names it in the refusal.
     */
    public String screen(long streamId, String content, String what) {
        return screen(rules.of(streamId), content, what);
    }

    private String screen(RoomState room, String content, String what) {
        List<String> global = rules.globalTerms();
        if (room.terms().isEmpty() && global.isEmpty()) {
            return content;
        }
        List<String> terms = global.isEmpty() ? room.terms()
                : java.util.stream.Stream.concat(global.stream(), room.terms().stream()).distinct().toList();
        TermFilter.Screened screened = TermFilter.screen(content, terms);
        if (!screened.matched()) {
            return content;
        }
        if (room.termsMode() == TermsMode.REFUSE) {
            throw refused("blocked-term", Refusal.BAD_REQUEST, what + " contains a blocked term");
        }
        return screened.masked();
    }

    private Refusal refused(String reason, int code, String msg) {
        limits.count(reason);
        return new Refusal(code, msg);
    }

    // ---- moderators

    public List<NamedModerator> moderators(long streamId, Caller caller) {
        roles.requireModerator(streamId, caller, "see the moderators");
        return store.moderators(streamId);
    }

    /** Appoints a moderator (again: no change), and answers with it as the room's moderators list shows it. */
    public NamedModerator appoint(long streamId, long userId, Caller caller) {
        Stream stream = roles.requireHost(streamId, caller, "appoint moderators");
        Outcome<NamedModerator> appointed = store.appoint(streamId, userId, caller);
        if (appointed.changed()) {
            rules.evict(streamId);
            events.toRoom(streamId, WireCodes.ROLES, "moderator appointed",
                    new RoomEvents.RoleChange(streamId, stream.roomNumber(), userId, true));
        }
        return appointed.value();
    }

    public void dismiss(long streamId, long userId, Caller caller) {
        Stream stream = roles.requireHost(streamId, caller, "remove moderators");
        store.dismiss(streamId, userId, caller);
        rules.evict(streamId);
        events.toRoom(streamId, WireCodes.ROLES, "moderator removed",
                new RoomEvents.RoleChange(streamId, stream.roomNumber(), userId, false));
    }

    // ---- items

    public ChatItem delete(long streamId, long itemId, Caller caller) {
        Stream stream = roles.requireModerator(streamId, caller, "delete items");
        ChatItem item = store.delete(streamId, itemId, caller);
        events.deleted(new RoomEvents.Deleted(streamId, stream.roomNumber(), item.id(), item.seq()));
        return item;
    }

    // ---- mutes and bans

    /**
     * Mutes for 1 to {@link #MAX_MUTE_SECONDS} seconds (the boundary checks the range and the reason), and answers
     * with the mute as the room's mutes list shows it.
     */
    public NamedSanction mute(long streamId, long userId, long seconds, String reason, Caller caller) {
        Stream stream = roles.requireModerator(streamId, caller, "mute viewers");
        Instant until = clock.instant().plus(Duration.ofSeconds(seconds));
        NamedSanction mute = store.impose(streamId, userId, Sanction.Kind.MUTE, until, reason, caller).value();
        rules.evict(streamId);
        events.toUser(streamId, userId, WireCodes.MUTED, "muted until " + clocks.format(until),
                new RoomEvents.Muted(streamId, stream.roomNumber(), userId, clocks.format(until), mute.sanction().reason()));
        return mute;
    }

    public void unmute(long streamId, long userId, Caller caller) {
        Stream stream = roles.requireModerator(streamId, caller, "unmute viewers");
        store.lift(streamId, userId, Sanction.Kind.MUTE, caller);
        rules.evict(streamId);
        events.toUser(streamId, userId, WireCodes.MUTED, "unmuted",
                new RoomEvents.Muted(streamId, stream.roomNumber(), userId, null, null));
    }

    /**
     * Bans the user and takes each of its sockets out of the room, telling each why. Banning again with the same
     * reason changes nothing and tells no one: its sockets left the room with the first ban.
     */
    public NamedSanction ban(long streamId, long userId, String reason, Caller caller) {
        Stream stream = roles.requireModerator(streamId, caller, "ban viewers");
        Outcome<NamedSanction> banned = store.impose(streamId, userId, Sanction.Kind.BAN, null, reason, caller);
        if (banned.changed()) {
            rules.evict(streamId);
            String kept = banned.value().sanction().reason();
            events.removeUser(streamId, userId, WireCodes.BANNED,
                    "you are banned from this room" + (kept == null ? "" : ": " + kept),
                    new RoomEvents.Banned(streamId, stream.roomNumber(), userId, kept));
        }
        return banned.value();
    }

    public void unban(long streamId, long userId, Caller caller) {
        roles.requireModerator(streamId, caller, "unban viewers");
        store.lift(streamId, userId, Sanction.Kind.BAN, caller);
        rules.evict(streamId);
    }

    public List<NamedSanction> sanctions(long streamId, Sanction.Kind kind, Caller caller) {
        roles.requireModerator(streamId, caller, "see who is muted or banned");
        return store.sanctions(streamId, kind);
    }

    // ---- room settings

    /** Closes the room (again: no change); the stream as it is afterwards. */
    public Stream close(long streamId, Caller caller) {
        return openOrClose(streamId, true, caller);
    }

    /** Reopens the room (again: no change); the stream as it is afterwards. */
    public Stream reopen(long streamId, Caller caller) {
        return openOrClose(streamId, false, caller);
    }

    private Stream openOrClose(long streamId, boolean closing, Caller caller) {
        Stream stream = roles.requireModerator(streamId, caller, closing ? "close the room" : "reopen the room");
        if (store.close(streamId, closing, caller)) {
            rules.evict(streamId);
            events.toRoom(streamId, WireCodes.CLOSED, closing ? "the room is closed" : "the room is open again",
                    new RoomEvents.Closed(streamId, stream.roomNumber(), closing));
        }
        return streams.existing(streamId);
    }

    /**
     * Changes the settings given ({@code null}: leave as is; the boundary checks the ranges of slow mode and of the
     * chat budget); the stream as it is afterwards.
     */
    public Stream settings(long streamId, Integer slowModeSeconds, TermsMode mode, Integer chatBudget, Caller caller) {
        roles.requireModerator(streamId, caller, "change the room's settings");
        Outcome<Stream> changed = store.settings(streamId, slowModeSeconds, mode, chatBudget, caller);
        Stream after = changed.value();
        if (changed.changed()) {
            rules.evict(streamId);
            events.toRoom(streamId, WireCodes.SETTINGS, "settings changed",
                    new RoomEvents.Settings(streamId, after.roomNumber(), after.slowModeSeconds(),
                            after.blockedTermsMode().wire(), chatBudget(after)));
        }
        return after;
    }

    /** The room's chat budget in force: its own, or the server's default. */
    public int chatBudget(Stream stream) {
        return rules.chatBudget(stream);
    }

    // ---- blocked terms

    public BlockedTerm addTerm(long streamId, String term, Caller caller) {
        roles.requireModerator(streamId, caller, "block terms");
        String text = term.strip();
        if (text.isEmpty() || text.codePointCount(0, text.length()) > BlockedTerm.MAX_TERM) {
            throw Refusal.badRequest("term must be 1 to " + BlockedTerm.MAX_TERM + " characters");
        }
        String normalized = TermFilter.normalize(text);
        if (normalized.isBlank() || normalized.length() > 256) {
            throw Refusal.badRequest("term must have something to match");
        }
        BlockedTerm added = store.addTerm(streamId, text, normalized, caller);
        rules.evict(streamId);
        return added;
    }

    public void removeTerm(long streamId, long termId, Caller caller) {
        roles.requireModerator(streamId, caller, "unblock terms");
        store.removeTerm(streamId, termId, caller);
        rules.evict(streamId);
    }

    public List<BlockedTerm> terms(long streamId, Caller caller) {
        roles.requireModerator(streamId, caller, "see the blocked terms");
        return store.terms(streamId);
    }

    public List<String> globalTerms() {
        return rules.globalTerms();
    }

    // ---- audit

    public List<AuditEntry> audit(long streamId, int page, int perPage, Caller caller) {
        roles.requireHost(streamId, caller, "read the audit log");
        return store.audit(streamId, page, perPage);
    }

    public long auditCount(long streamId) {
        return store.auditCount(streamId);
    }
}
