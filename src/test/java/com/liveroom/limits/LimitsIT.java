package com.liveroom.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import com.liveroom.support.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The abuse limits, at their default settings: each refusal fits, and the server keeps serving everyone else. */
class LimitsIT extends ShippedWarTest {

    private Api api;
    private Guest host;
    private Room room;

    @BeforeEach
    void room() {
        api = new Api(base);
        host = api.guest("host");
        room = api.stream(host, "limits");
    }

    @Test
    void aUserSendingFasterThanTheRateIsRefusedWith429AndNothingOfTheExcessIsStored() {
        try (var fast = SocketClient.withHeader(api.socket(), api.guest("fast").token());
             var calm = SocketClient.withHeader(api.socket(), api.guest("calm").token())) {
            fast.joined(room.roomNumber());
            calm.joined(room.roomNumber());
            for (int i = 0; i < 30; i++) {
                fast.chat(room.roomNumber(), "burst " + i, "burst-" + i);
            }
            fast.awaitCount(f -> f.getInt("code") == 202 || f.getInt("code") == 429, 30);
            long acked = fast.frames().stream().filter(f -> f.getInt("code") == 202).count();
            long refused = fast.frames().stream().filter(f -> f.getInt("code") == 429).count();
            assertTrue(refused >= 10, "the default burst is 10 messages: refused " + refused);
            assertEquals(acked, api.total(host, room), "only what was acked is stored");
            calm.chat(room.roomNumber(), "others are not slowed");
            calm.awaitItem(i -> i.getString("content").equals("others are not slowed"));
            assertTrue(fast.isOpen());
        }
    }

    @Test
    void aUserMayHoldTenSocketsAndTheEleventhIsClosed() {
        Guest many = api.guest("many");
        List<SocketClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                var socket = SocketClient.withHeader(api.socket(), many.token());
                socket.joined(room.roomNumber());
                open.add(socket);
            }
            try (var eleventh = SocketClient.withHeader(api.socket(), many.token())) {
                eleventh.awaitError(429);
                assertEquals(1008, eleventh.awaitClose());
            }
            open.remove(0).close();
            // the first socket's close frees a place, once the server has seen it
            Instant deadline = Instant.now().plus(SocketClient.WAIT);
            while (true) {
                try (var again = SocketClient.withHeader(api.socket(), many.token())) {
                    again.join(room.roomNumber());
                    var answer = again.await(f -> f.getInt("code") == 201 || f.getInt("code") == 429);
                    if (answer.getInt("code") == 201) {
                        break;
                    }
                }
                assertTrue(Instant.now().isBefore(deadline), "a closed socket must free its place");
            }
        } finally {
            open.forEach(SocketClient::close);
        }
    }

    @Test
    void aSocketMayBeInFiveRooms() {
        try (var s = SocketClient.withHeader(api.socket(), host.token())) {
            for (int i = 0; i < 5; i++) {
                s.joined(api.stream(host, "room" + i).roomNumber());
            }
            s.join(room.roomNumber());
            s.awaitError(429);
            s.chat(room.roomNumber(), "not in here");
            s.awaitError(403);
        }
    }

    @Test
    void aBrowserOriginNotOnTheAllowListIsRefusedAtTheHandshake() {
        String token = host.token();
        assertEquals(403, SocketClient.handshakeStatus(api.socket(), token, "https://evil.example"));
        assertEquals(101, SocketClient.handshakeStatus(api.socket(), token, "https://app.liveroom.example"));
        assertEquals(101, SocketClient.handshakeStatus(api.socket(), token, null));
    }

    @Test
    void tooManyHandshakesFromOneAddressInOneSecondAreRefusedWith429() {
        List<CompletableFuture<Integer>> burst = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            burst.add(CompletableFuture.supplyAsync(() -> SocketClient.handshakeStatus(api.socket(), host.token(), null)));
        }
        List<Integer> statuses = burst.stream().map(CompletableFuture::join).toList();
        assertTrue(statuses.contains(429), "some of 120 handshakes at once were refused: " + statuses);
        assertTrue(statuses.stream().allMatch(s -> s == 101 || s == 429), statuses.toString());
        // the next second brings a new allowance
        Instant deadline = Instant.now().plus(SocketClient.WAIT);
        while (SocketClient.handshakeStatus(api.socket(), host.token(), null) != 101) {
            assertTrue(Instant.now().isBefore(deadline), "handshakes must be allowed again");
        }
    }

    @Test
    void aTokenThatExpiresWhileConnectedClosesTheSocketWith1008() {
        Guest shortLived = api.guest("short");
        try (var s = SocketClient.withHeader(api.socket(), TestTokens.expiringIn(shortLived, Duration.ofSeconds(2)))) {
            s.joined(room.roomNumber());
            assertEquals(1008, s.awaitClose());
        }
    }

    @Test
    void aSocketThatDoesNotSignInWithinTenSecondsIsClosed() {
        try (var s = SocketClient.anonymous(api.socket(), null)) {
            assertEquals(1008, s.awaitClose(Duration.ofSeconds(20)));
        }
    }
}
