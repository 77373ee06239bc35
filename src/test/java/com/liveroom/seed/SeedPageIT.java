package com.liveroom.seed;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Deployments;
import com.liveroom.support.NodeTests;
import java.io.IOException;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The mission test: the mini-program chat page already in people's hands, its JavaScript unchanged but for
 * its two addresses, runs in Node under a stand-in for the WeChat runtime against the deployed server.
 * Two viewers chat, one asks, the host answers, a late joiner loads history, rooms stay isolated; and with
 * moderation active, a muted viewer's page sends and nothing of it shows while the others chat on.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SeedPageIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.liveroom();
    }

    @Test
    void theSeedPageRunsTheWholeFlowUnchanged() throws IOException, InterruptedException {
        String log = NodeTests.run("seed", base.toExternalForm(), Map.of(), "seed-compat.test.mjs");
        assertTrue(log.matches("(?s).*\\bok \\d+ - moderation: a muted viewer's page.*"), "the moderation case ran:\n" + log);
    }
}
