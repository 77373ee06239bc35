package com.liveroom.moderation.control;

import com.liveroom.rooms.control.Connection;
import com.liveroom.rooms.control.FrameCodec;
import com.liveroom.rooms.control.Outgoing;
import com.liveroom.rooms.control.RoomRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The socket events of moderation (codes 210-219; never 200, which only chat items use). Each is encoded once
 * and queued to every member it is for, without waiting on any socket.
 */
@ApplicationScoped
public class RoomEvents {

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
    // 215 is the online count, pushed by rooms.control.Presence
    /** A moderator was appointed or removed: {@code {stream, topic, user, moderator}}. To the whole room. */
    public static final int ROLES = 216;

    @Inject
    RoomRegistry registry;

    @Inject
    FrameCodec codec;

    public void toRoom(long streamId, int code, String msg, Object data) {
        Outgoing frame = Outgoing.of(codec.event(code, msg, data));
        for (Connection member : registry.members(streamId)) {
            member.send(frame);
        }
    }

    public void toUser(long streamId, long userId, int code, String msg, Object data) {
        Outgoing frame = Outgoing.of(codec.event(code, msg, data));
        for (Connection member : registry.members(streamId)) {
            if (isUser(member, userId)) {
                member.send(frame);
            }
        }
    }

    /** Tells each of the user's sockets in the room why, then takes it out of the room (its socket stays open). */
    public void removeUser(long streamId, long userId, int code, String msg, Object data) {
        Outgoing frame = Outgoing.of(codec.event(code, msg, data));
        for (Connection member : registry.members(streamId)) {
            if (isUser(member, userId)) {
                registry.leave(streamId, member);
                member.send(frame);
            }
        }
    }

    private static boolean isUser(Connection connection, long userId) {
        return connection.identity().map(identity -> identity.caller().id() == userId).orElse(false);
    }
}
