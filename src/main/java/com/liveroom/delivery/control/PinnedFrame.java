package com.liveroom.delivery.control;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A room's pinned announcement as delivery holds it here: the newest word about it (event 260, {@code {stream, topic,
 * version, pin}}), which a member that joins or resumes is given right after its 201, and when it ends by itself.
 * Words come from this server's changes, from the other servers' over the grid and from the database when the room
 * is loaded, in no fixed order between them: the version decides, and a word no newer than the one held is dropped,
 * so every member ends on the pin in force, told once of each change. The end of a timed pin is sent by each server
 * to its own members from here (never relayed), so each member is told once; a pin replaced before its end takes its
 * end with it.
 * <p>
 * Immutable; each room's is replaced on the fan-out thread alone ({@link RoomLog#pinned}).
 *
 * @param version the pin's version: it grows with every change of the room's pin
 * @param frame   the 260 frame that shows the pin, {@code null} when nothing is pinned
 * @param endsAt  when it ends by itself, in epoch milliseconds; 0: when taken down
 */
record PinnedFrame(long version, WireFrame frame, long endsAt) {

    static final PinnedFrame NONE = new PinnedFrame(0, null, 0);

    /** A 260 frame as {@code Pins} wrote it. */
    static PinnedFrame of(String text) {
        JsonObject data = read(text).getJsonObject("data");
        long version = data.getJsonNumber("version").longValue();
        JsonValue pin = data.get("pin");
        if (!(pin instanceof JsonObject shown)) {
            return new PinnedFrame(version, null, 0);
        }
        return new PinnedFrame(version, WireFrame.of(text), endOf(shown));
    }

    /** Whether this word is newer than the one held. */
    boolean newerThan(PinnedFrame held) {
        return version > held.version;
    }

    boolean endsBy(long nowMillis) {
        return frame != null && endsAt > 0 && endsAt <= nowMillis;
    }

    /** The same word without the pin: what members are told when its time is up. */
    String endFrame() {
        JsonObject frame = read(this.frame.text());
        return Json.createObjectBuilder(frame)
                .add("msg", "pin ended")
                .add("data", Json.createObjectBuilder(frame.getJsonObject("data")).add("pin", JsonValue.NULL))
                .build().toString();
    }

    private static long endOf(JsonObject pin) {
        JsonValue until = pin.get("until");
        if (until instanceof JsonString at) {
            try {
                return OffsetDateTime.parse(at.getString()).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                return 0;
            }
        }
        return until instanceof JsonNumber millis ? millis.longValue() : 0;
    }

    private static JsonObject read(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
