package com.liveroom.pinned.control;

import jakarta.json.bind.annotation.JsonbNillable;

/**
 * What a room has pinned, as REST answers and event 260 give it: {@code pin} is {@code null} (written out) when
 * nothing is. {@code version} grows with every change of the room's pin, so of two words about it the higher is the
 * newer.
 */
@JsonbNillable
public record PinState(long stream, String topic, long version, PinView pin) {
}
