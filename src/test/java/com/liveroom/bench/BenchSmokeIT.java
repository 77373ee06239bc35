package com.liveroom.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Deployments;
import com.liveroom.support.NodeTests;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bench's smoke check (bench/smoke.sh) against the deployed server at its default settings: a few dozen
 * clients in one room, every message delivered to every client exactly once, every ack back. No timing is judged.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BenchSmokeIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.liveroom();
    }

    @Test
    void aRoomOfFortyLosesNothing() throws IOException, InterruptedException {
        File bench = new File(System.getProperty("liveroom.it.benchDir", "bench"));
        String log = NodeTests.succeeds(bench, Map.of(), List.of("bash", "smoke.sh", base.toExternalForm()));
        assertTrue(log.contains("lost 0, duplicated 0; acks missing 0") && log.contains("smoke: passed"), log);
    }
}
