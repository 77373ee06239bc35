package com.liveroom.rooms.control;


/**
 * A socket event of a room that is not a chat item (moderation, presence, the question board), encoded once. It
 * is fired as a CDI event: delivery queues it for the members on this server, and the cluster relays it to the
 * other servers.
 *
 * @param stream     the room
 * @param frame      the frame as the members receive it
 * @param user       only that user's sockets in the room receive it; {@code null} for every member
 * @param removes    each socket that receives it is then taken out of the room (a ban)
 * @param supersedes the {@code seq} of the item this event takes the place of (a deletion), 0 for none: the members
 *                   are given every item before it first, and that item is never sent to them after the event
 */
public record RoomEvent(long stream, String frame, Long user, boolean removes, long supersedes) {

    public static RoomEvent toRoom(long stream, String frame) {
        return new RoomEvent(stream, frame, null, false, 0);
    }

    public static RoomEvent toUser(long stream, long user, String frame) {
        return new RoomEvent(stream, frame, user, false, 0);
    }

    public static RoomEvent removing(long stream, long user, String frame) {
        return new RoomEvent(stream, frame, user, true, 0);
    }

    public static RoomEvent deleting(long stream, long seq, String frame) {
        return new RoomEvent(stream, frame, null, false, seq);
    }

    public boolean isFor(long userId) {
        return user == null || user == userId;
    }
}
