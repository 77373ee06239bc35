package com.liveroom.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.NodeTests;
import com.liveroom.support.ShippedWarTest;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bench's smoke check (bench/smoke.sh) against the deployed server at its default settings: a few dozen
 * clients in one room, every message delivered to every client exactly once, every ack back. No timing is judged.
 */
class BenchSmokeIT extends ShippedWarTest {

    @Test
    void aRoomOfFortyLosesNothing() throws IOException, InterruptedException {
        File bench = new File(System.getProperty("liveroom.it.benchDir", "bench"));
        String log = NodeTests.succeeds(bench, Map.of(), List.of("bash", "smoke.sh", base.toExternalForm()));
        assertTrue(log.contains("lost 0, duplicated 0; acks missing 0") && log.contains("smoke: passed"), log);
    }
}
