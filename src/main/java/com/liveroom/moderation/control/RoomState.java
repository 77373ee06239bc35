package com.liveroom.moderation.control;

import com.liveroom.rooms.entity.TermsMode;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the chat path needs to know about a room, read from the database in one go and kept for a few
 * seconds by {@link RoomRules}: its settings, who runs it, who is muted or banned, its blocked terms.
 * {@code chatBudget} is the one in force: the room's own, or the server's default (viewer messages a second to each
 * member, 0: no limit).
 */
public record RoomState(long streamId, String roomNumber, long hostId, boolean closed, int slowModeSeconds,
                        TermsMode termsMode, int chatBudget, Set<Long> moderators, Map<Long, Restriction> mutes,
                        Map<Long, Restriction> bans, List<String> terms, long loadedAtNanos) {

    public boolean runsRoom(long userId) {
        return hostId == userId || moderators.contains(userId);
    }

    /** The host and the moderators. */
    public Set<Long> runners() {
        Set<Long> all = new HashSet<>(moderators);
        all.add(hostId);
        return Set.copyOf(all);
    }

    /** The user's mute if it still holds at {@code now}. */
    public Restriction mute(long userId, Instant now) {
        Restriction mute = mutes.get(userId);
        return mute != null && mute.until().isAfter(now) ? mute : null;
    }

    public Restriction ban(long userId) {
        return bans.get(userId);
    }

    /** A mute (with its end) or a ban (no end) as the chat path needs it. */
    public record Restriction(Instant until, String reason) {
    }
}
