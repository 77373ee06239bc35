package com.liveroom.moderation.control;

import com.liveroom.rooms.control.FrameCodec;
import com.liveroom.rooms.control.RoomCast;
import com.liveroom.rooms.control.RoomEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The socket events of moderation (codes 210-219; never 200, which only chat items use). Each is encoded once
 * and queued to every member it is for, on this server and on the others of a cluster ({@link RoomCast}), without
 * waiting on any socket.
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
    RoomCast cast;

    @Inject
    FrameCodec codec;

    public void toRoom(long streamId, int code, String msg, Object data) {
        cast.send(RoomEvent.toRoom(streamId, codec.event(code, msg, data)));
    }

    /** An item is gone: no member is told before it has the items before it, nor given the item after. */
    public void deleted(Moderation.Deleted deleted) {
        cast.send(RoomEvent.deleting(deleted.stream(), deleted.seq(), codec.event(DELETED, "deleted", deleted)));
    }

    public void toUser(long streamId, long userId, int code, String msg, Object data) {
        cast.send(RoomEvent.toUser(streamId, userId, codec.event(code, msg, data)));
    }

    /** Tells each of the user's sockets in the room why, then takes it out of the room (its socket stays open). */
    public void removeUser(long streamId, long userId, int code, String msg, Object data) {
        cast.send(RoomEvent.removing(streamId, userId, codec.event(code, msg, data)));
    }

    /** As {@link #removeUser}, for the user's sockets on this server only. */
    public void removeUserHere(long streamId, long userId, int code, String msg, Object data) {
        cast.deliver(RoomEvent.removing(streamId, userId, codec.event(code, msg, data)));
    }
}
