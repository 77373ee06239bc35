package com.liveroom.browser;

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
 * The web room and host console in headless Chromium, and the reference mini-program under a wx stand-in, against
 * the deployed server (src/test/js/browser). Screenshots of the viewer and host pages land in target/screenshots.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrowserIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.liveroom();
    }

    @Test
    void theClientsWorkAgainstTheServerInARealBrowser() throws IOException, InterruptedException {
        NodeTests.run("browser", NodeTests.onLoopback(base),
                Map.of("SCREENSHOT_DIR", System.getProperty("liveroom.it.screenshotDir", "target/screenshots")),
                "--test-concurrency=1");
    }
}
