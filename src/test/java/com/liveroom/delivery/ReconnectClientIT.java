package com.liveroom.delivery;

import com.liveroom.support.NodeTests;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The web room's connection module honours the wait a stopping server names (close 1012), resumes with
 * {@code since} and resends what was not acknowledged with its clientMsgId; without a named wait it backs off with
 * full jitter. Node tests of the module as the page loads it (src/test/js/reconnect), with a stand-in socket and
 * mocked clocks, so that each wait is checked exactly; DrainIT proves the server's side of the same close.
 */
class ReconnectClientIT {

    @Test
    void theWebRoomWaitsTheServersNamedWaitAndBacksOffWithFullJitterOtherwise() throws Exception {
        NodeTests.run("reconnect", "http://127.0.0.1:9/", Map.of());
    }
}
