package com.liveroom.delivery.control;

/**
 * A socket asking into a room, possibly resuming: {@code since} is the last {@code seq} it has of the room's
 * history named {@code epoch}.
 */
public record Admission(Member member, long streamId, String topic, Long since, String epoch) {

    public boolean resuming() {
        return since != null;
    }
}
