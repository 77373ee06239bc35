package com.liveroom.pinned.control;

import jakarta.json.JsonValue;

/**
 * What a room has pinned, as REST answers and event 260 give it: {@code pin} is a {@link PinView}, or JSON
 * {@code null} (written out) when nothing is. {@code version} grows with every change of the room's pin, so of two
 * words about it the higher is the newer.
 *
 * @param pin a {@link PinView} or {@link JsonValue#NULL}: JSON-B leaves a {@code null} property out, and
 *            {@code @JsonbNillable} is not honoured on a record's component by the JSON-B in Payara 6
 */
public record PinState(long stream, String topic, long version, Object pin) {

    public static PinState of(long stream, String topic, long version, PinView pin) {
        return new PinState(stream, topic, version, pin == null ? JsonValue.NULL : pin);
    }
}
