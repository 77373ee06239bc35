package com.liveroom.delivery.control;

/**
 * A socket asking into a room, possibly resuming: {@code since} is the last {@code seq} it has of the room's
 * history named {@code epoch}. {@code asked} is where the room's history stood in the database when the socket asked
 * (-1 when the room was already loaded here): frames the socket sends after its join may be committed before the join
 * is answered, and a join that loads the room must not place the socket beyond them.
 */
public record Admission(Member member, long streamId, String topic, Long since, String epoch, long asked) {

    public boolean resuming() {
        return since != null;
    }
}
