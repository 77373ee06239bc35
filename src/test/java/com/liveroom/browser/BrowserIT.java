package com.liveroom.browser;

import com.liveroom.support.NodeTests;
import com.liveroom.support.ShippedWarTest;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The web room and host console in headless Chromium, and the reference mini-program under a wx stand-in, against
 * the deployed server (src/test/js/browser). Screenshots of the viewer and host pages land in target/screenshots.
 */
class BrowserIT extends ShippedWarTest {

    @Test
    void theClientsWorkAgainstTheServerInARealBrowser() throws IOException, InterruptedException {
        NodeTests.run("browser", NodeTests.onLoopback(base),
                Map.of("SCREENSHOT_DIR", System.getProperty("liveroom.it.screenshotDir", "target/screenshots")),
                "--test-concurrency=1");
    }
}
