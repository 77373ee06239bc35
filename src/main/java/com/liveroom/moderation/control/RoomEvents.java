package com.liveroom.moderation.control;

import com.liveroom.rooms.control.RoomEvent;
import com.liveroom.wire.Frames;
import com.liveroom.wire.WireCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * The socket events of moderation (codes 210-219 of {@link com.liveroom.wire.WireCodes}). Each is encoded once and
 * fired as a {@link RoomEvent}: delivery queues it for the members here, in order with the room's items, and the
 * cluster relays it to the members on the other servers. Nothing here waits on a socket.
 */
@ApplicationScoped
public class RoomEvents {

    @Inject
    Event<RoomEvent> told;

    @Inject
    Frames frames;

    public void toRoom(long streamId, int code, String msg, Object data) {
        told.fire(RoomEvent.toRoom(streamId, frames.event(code, msg, data)));
    }

    /** An item is gone: no member is told before it has the items before it, nor given the item after. */
    public void deleted(Deleted deleted) {
        told.fire(RoomEvent.deleting(deleted.stream(), deleted.seq(),
                frames.event(WireCodes.DELETED, "deleted", deleted)));
    }

    public void toUser(long streamId, long userId, int code, String msg, Object data) {
        told.fire(RoomEvent.toUser(streamId, userId, frames.event(code, msg, data)));
    }

    /** Tells each of the user's sockets in the room why, then takes it out of the room (its socket stays open). */
    public void removeUser(long streamId, long userId, int code, String msg, Object data) {
        told.fire(RoomEvent.removing(streamId, userId, frames.event(code, msg, data)));
    }

    public record Deleted(long stream, String topic, long id, long seq) {
    }

    public record Muted(long stream, String topic, long user, String until, String reason) {
    }

    public record Banned(long stream, String topic, long user, String reason) {
    }

    public record Closed(long stream, String topic, boolean closed) {
    }

    public record Settings(long stream, String topic, int slowModeSeconds, String blockedTermsMode, int chatBudget) {
    }

    public record RoleChange(long stream, String topic, long user, boolean moderator) {
    }
}
