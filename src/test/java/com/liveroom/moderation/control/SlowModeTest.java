package com.liveroom.moderation.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SlowModeTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void oneTurnPerIntervalPerViewerAndRoom() {
        var slow = new SlowMode();
        long t0 = 1_000 * SECOND;
        assertEquals(0, slow.take(1, 7, 5, t0));
        assertEquals(4_000, slow.take(1, 7, 5, t0 + SECOND), "four seconds left");
        assertEquals(0, slow.take(1, 8, 5, t0 + SECOND), "another viewer has its own turn");
        assertEquals(0, slow.take(2, 7, 5, t0 + SECOND), "and so has another room");
        assertEquals(1, slow.take(1, 7, 5, t0 + 5 * SECOND - 1_000), "a refusal never says zero");
        assertEquals(0, slow.take(1, 7, 5, t0 + 5 * SECOND));
        assertEquals(5_000, slow.take(1, 7, 5, t0 + 5 * SECOND), "the turn just taken starts a new interval");
    }
}
