package com.liveroom.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Jsons;
import com.liveroom.support.MetricsText;
import com.liveroom.support.PayaraMicroProcess;
import com.liveroom.support.SocketClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A server's own admission: beyond its socket cap, or its handshakes a second, a handshake is answered 503 with a
 * {@code Retry-After} spread over the window, before the socket is opened; each outcome is counted. A server of its
 * own, with a cap of 3 sockets, a handshake every 5 s after a burst of 2, and a window of 7 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdmissionIT {

    private static final int WINDOW_SECONDS = 7;
    private PayaraMicroProcess server;
    private Api api;
    private final List<SocketClient> open = new ArrayList<>();

    @BeforeAll
    void startServer() throws Exception {
        server = ServerRun.start("admission", List.of("-Dliveroom.admission.max-sockets=3",
                "-Dliveroom.admission.handshakes-per-second=0.2", "-Dliveroom.admission.handshake-burst=2",
                "-Dliveroom.admission.retry-window-seconds=" + WINDOW_SECONDS));
        api = new Api(server.base().toURL());
    }

    @AfterAll
    void stopServer() {
        open.forEach(SocketClient::close);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void handshakesBeyondTheRateAndTheSocketCapAreRefusedWith503AndASpreadRetryAfter() {
        String text = api.get("metrics", null).body();
        for (String outcome : List.of("admitted", "over-capacity", "over-rate", "draining")) {
            assertTrue(text.contains("outcome=\"" + outcome + "\""), "no liveroom_handshakes_total for " + outcome);
        }
        String token = api.guest("admission").token();
        open.add(SocketClient.withQuery(server.socket(), token));
        open.add(SocketClient.withQuery(server.socket(), token));
        // the burst of two is spent: handshakes are refused until the bucket refills (one every five seconds)
        Set<String> waits = new HashSet<>();
        int refused = 0;
        for (int i = 0; i < 10; i++) {
            var answer = SocketClient.handshake(server.socket(), token);
            if (answer.status() == 101) {
                break;
            }
            assertRefused(answer, "a handshake over the rate");
            assertEquals(503, Jsons.parse(answer.body()).getInt("code"), answer.body());
            waits.add(answer.retryAfter().orElseThrow());
            refused++;
        }
        assertTrue(refused >= 5, "only " + refused + " handshakes refused over the rate");
        assertTrue(waits.size() >= 2, "the waits of refused handshakes should spread over the window: " + waits);
        assertEquals(refused, handshakes("over-rate"));

        // once the bucket has a token again, the third socket opens; then the server is full
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (open.size() < 3) {
            try {
                open.add(SocketClient.withQuery(server.socket(), token));
            } catch (java.util.concurrent.CompletionException overRate) {
                assertTrue(System.nanoTime() < deadline, "no handshake admitted again within 15 s: " + overRate);
                java.util.concurrent.locks.LockSupport.parkNanos(250_000_000L);
            }
        }
        var full = SocketClient.handshake(server.socket(), token);
        assertRefused(full, "the fourth socket on a server that takes three");
        assertEquals(1.0, handshakes("over-capacity"));
        assertEquals(3.0, handshakes("admitted"));
    }

    private static void assertRefused(SocketClient.Handshake answer, String what) {
        assertEquals(503, answer.status(), what + ": " + answer);
        int wait = Integer.parseInt(answer.retryAfter().orElseThrow(() -> new AssertionError(what + ": no Retry-After")));
        assertTrue(wait >= 1 && wait <= WINDOW_SECONDS, what + ": Retry-After " + wait);
    }

    private double handshakes(String outcome) {
        return MetricsText.labelled(api.get("metrics", null).body(), "liveroom_handshakes_total",
                "outcome=\"" + outcome + "\"");
    }
}
