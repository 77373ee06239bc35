package com.liveroom.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.wire.Frames;
import com.liveroom.wire.WireCodes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How delivery reads a 260 frame: its version, whether it shows a pin, when that ends, and the frame of its end. */
class PinnedFrameTest {

    private static final String UNTIL = "2026-11-30T10:47:45.133+08:00";

    private final Frames frames = new Frames();

    @Test
    void aTimedPinEndsAtItsUntilAndItsEndFrameHasNoPin() {
        PinnedFrame pinned = PinnedFrame.of(frame(3, pin(UNTIL)));
        long until = OffsetDateTime.parse(UNTIL).toInstant().toEpochMilli();
        assertEquals(3, pinned.version());
        assertEquals(until, pinned.endsAt());
        assertFalse(pinned.endsBy(until - 1));
        assertTrue(pinned.endsBy(until));

        String end = pinned.endFrame();
        assertEquals(WireCodes.PINNED, WireCodes.codeOf(end), "code first, as every frame: " + end);
        JsonObject read = read(end);
        assertEquals("pin ended", read.getString("msg"));
        assertEquals(JsonValue.NULL, read.getJsonObject("data").get("pin"));
        assertEquals(3, read.getJsonObject("data").getInt("version"), "an end is no new change");
        assertEquals("12345678", read.getJsonObject("data").getString("topic"));
    }

    @Test
    void aPinUntilTakenDownNeverEnds() {
        PinnedFrame pinned = PinnedFrame.of(frame(1, pin(null)));
        assertEquals(0, pinned.endsAt());
        assertFalse(pinned.endsBy(Long.MAX_VALUE));
    }

    @Test
    void nothingPinnedHasNoFrameToGiveJoiners() {
        PinnedFrame none = PinnedFrame.of(frame(4, null));
        assertNull(none.frame());
        assertFalse(none.endsBy(Long.MAX_VALUE));
    }

    @Test
    void onlyAHigherVersionIsNewer() {
        PinnedFrame two = PinnedFrame.of(frame(2, pin(null)));
        assertTrue(two.newerThan(PinnedFrame.NONE));
        assertFalse(PinnedFrame.of(frame(2, null)).newerThan(two), "the same version again: a repeat");
        assertFalse(PinnedFrame.of(frame(1, pin(null))).newerThan(two), "an older word");
        assertTrue(PinnedFrame.of(frame(3, null)).newerThan(two));
        assertFalse(PinnedFrame.of(frame(0, null)).newerThan(PinnedFrame.NONE), "a room that never pinned");
    }

    private String frame(long version, Map<String, Object> pin) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("stream", 7);
        data.put("topic", "12345678");
        data.put("version", version);
        data.put("pin", pin == null ? JsonValue.NULL : pin);
        return frames.event(WireCodes.PINNED, "pinned", data);
    }

    private static Map<String, Object> pin(String until) {
        Map<String, Object> pin = new LinkedHashMap<>();
        pin.put("text", "Giveaway at nine");
        pin.put("pinnedAt", "2026-11-30T10:47:15.133+08:00");
        if (until != null) {
            pin.put("until", until);
        }
        return pin;
    }

    private static JsonObject read(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
