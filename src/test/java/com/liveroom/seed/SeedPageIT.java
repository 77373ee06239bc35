package com.liveroom.seed;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.NodeTests;
import com.liveroom.support.ShippedWarTest;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mission test: the mini-program chat page already in people's hands, its JavaScript unchanged but for
 * its two addresses, runs in Node under a stand-in for the WeChat runtime against the deployed server.
 * Two viewers chat, one asks, the host answers, a late joiner loads history, rooms stay isolated; and with
 * moderation active, a muted viewer's page sends and nothing of it shows while the others chat on.
 */
class SeedPageIT extends ShippedWarTest {

    @Test
    void theSeedPageRunsTheWholeFlowUnchanged() throws IOException, InterruptedException {
        String log = NodeTests.run("seed", base.toExternalForm(), Map.of(), "seed-compat.test.mjs");
        assertTrue(log.matches("(?s).*\\bok \\d+ - moderation: a muted viewer's page.*"), "the moderation case ran:\n" + log);
    }
}
