package com.liveroom.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Deployments;
import com.liveroom.support.SocketClient;
import com.liveroom.support.SystemTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Silent sockets are closed after the idle timeout (2 s here instead of 30); beating ones stay. */
class IdleIT extends SystemTest {

    private static final Duration IDLE = Duration.ofSeconds(2);

    private Api api;
    private Guest host;
    private Room room;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.liveroomWith(Map.of("liveroom.ws.idle-timeout-seconds", Long.toString(IDLE.toSeconds())));
    }

    @BeforeEach
    void room() {
        api = new Api(base);
        host = api.guest("host");
        room = api.stream(host, "idle");
    }

    @Test
    void aSocketThatSendsNothingIsClosedWith1001AndLeavesItsRoom() {
        try (var silent = SocketClient.withHeader(api.socket(), api.guest("silent").token())) {
            // the join is the last frame the socket sends: the server cannot have heard it before this instant
            Instant lastSent = Instant.now();
            silent.joined(room.roomNumber());
            assertEquals(1001, silent.awaitClose(Duration.ofSeconds(15)));
            assertTrue(Duration.between(lastSent, Instant.now()).compareTo(IDLE) >= 0, "not before the timeout");
        }
    }

    @Test
    void aSocketThatBeatsStaysOpenAndReceives() {
        try (var beating = SocketClient.withHeader(api.socket(), api.guest("beating").token());
             var speaker = SocketClient.withHeader(api.socket(), host.token())) {
            beating.joined(room.roomNumber());
            speaker.joined(room.roomNumber());
            Instant until = Instant.now().plus(IDLE.multipliedBy(3));
            while (Instant.now().isBefore(until)) {
                beating.send(1, "");
                speaker.send(1, "");
                // a heartbeat every half second, as a client's timer would send it
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
            assertTrue(beating.isOpen(), "a beating socket is not idle");
            speaker.chat(room.roomNumber(), "still here");
            beating.awaitItem(i -> i.getString("content").equals("still here"));
        }
    }
}
