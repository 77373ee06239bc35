package com.liveroom.delivery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.NodeTests;
import com.liveroom.support.ShippedWarTest;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed mini-program chat page, unchanged, in a room that talks faster than its chat budget
 * ({@code src/test/js/seed/seed-fast-room.test.mjs}): it simply sees fewer viewers' messages, and all of the host's.
 */
class FastRoomSeedPageIT extends ShippedWarTest {

    @Test
    void theSeedPageInASheddingRoomSeesASampleAndEveryHostMessage() throws IOException, InterruptedException {
        String log = NodeTests.run("seed", base.toExternalForm(), Map.of(), "seed-fast-room.test.mjs");
        assertTrue(log.matches("(?s).*\\bok \\d+ - the seed page in a room over its chat budget.*"), log);
    }
}
