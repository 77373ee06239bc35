package com.liveroom.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Jsons;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import com.liveroom.support.TestTokens;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
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
    void aResendOfAStoredMessageIsAckedWithTheOriginalAndNeverCountsAgainstTheRate() {
        try (var sender = SocketClient.withHeader(api.socket(), api.guest("resender").token())) {
            sender.joined(room.roomNumber());
            for (int i = 0; i < 10; i++) {
                sender.chat(room.roomNumber(), "quick " + i, "quick-" + i);
            }
            sender.awaitCount(f -> f.getInt("code") == 202, 10);
            // the whole burst is spent: a new message now is refused, a resend of a stored one is not
            sender.chat(room.roomNumber(), "one more", "one-more");
            JsonObject refused = sender.await(f -> f.getInt("code") == 429);
            assertEquals("one-more", refused.getJsonObject("data").getString("clientMsgId"));
            assertTrue(refused.getString("msg").matches("you are sending too fast: wait [0-9.]+ s"),
                    "the refusal says how long to wait: " + refused);
            for (int copy = 0; copy < 3; copy++) {
                sender.chat(room.roomNumber(), "quick 9", "quick-9");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            sender.awaitCount(ackOf("quick-9"), 4);
            List<JsonObject> acks = sender.frames().stream().filter(ackOf("quick-9")).toList();
            assertEquals(1, acks.stream().map(a -> a.getJsonObject("data").toString()).distinct().count(),
                    "every copy is acked with the original's id and seq: " + acks);
            assertEquals(1, sender.frames().stream().filter(f -> f.getInt("code") == 429).count(),
                    "only the new message was refused: " + sender.frames());
            assertEquals(10, api.total(host, room), "nothing stored twice");
        }
    }

    @Test
    void copiesSentAllAtOnceRaceTheirFirstCommitYetOneIsStoredAndEveryCopyAcked() {
        try (var sender = SocketClient.withHeader(api.socket(), api.guest("eager").token());
             var watcher = SocketClient.withHeader(api.socket(), api.guest("watcher").token())) {
            sender.joined(room.roomNumber());
            watcher.joined(room.roomNumber());
            // twice the burst: were the copies counted as messages, ten of them would be refused
            for (int copy = 0; copy < 20; copy++) {
                sender.chat(room.roomNumber(), "said once", "said-once");
            }
            sender.awaitCount(ackOf("said-once"), 20);
            List<JsonObject> acks = sender.frames().stream().filter(ackOf("said-once")).toList();
            assertEquals(1, acks.stream().map(a -> a.getJsonObject("data").getJsonNumber("seq").longValue())
                    .distinct().count(), "one seq for every copy: " + acks);
            assertTrue(sender.frames().stream().noneMatch(f -> f.getInt("code") == 429), "no copy refused");
            watcher.awaitItem(i -> i.getString("content").equals("said once"));
            watcher.chat(room.roomNumber(), "after");
            watcher.awaitItem(i -> i.getString("content").equals("after"));
            assertEquals(1, watcher.items().stream().filter(i -> i.getString("content").equals("said once")).count(),
                    "the room saw it once");
            assertEquals(2, api.total(host, room));
        }
    }

    @Test
    void questionsHaveARateOfTheirOwnAnsweredWith429AndTheWait() {
        Guest asker = api.guest("curious");
        int asked = 0;
        Api.Response answer;
        do {
            answer = api.post("api/question/add", asker.token(),
                    Jsons.object().add("content", "question " + asked).add("streamId", room.id()).build());
            asked++;
        } while (answer.status() == 200 && asked < 20);
        assertEquals(6, asked, "the default burst is five questions: " + answer);
        answer.expectError(429);
        assertTrue(answer.json().getString("msg").matches("you are asking too fast: wait [0-9.]+ s"), answer.body());
        var questions = api.history(host, room, "&page=1&resultsPerPage=50&type=question");
        assertEquals(5, questions.getJsonArray("items").size(), "the refused question is not stored");
        try (var socket = SocketClient.withHeader(api.socket(), asker.token())) {
            socket.joined(room.roomNumber());
            socket.chat(room.roomNumber(), "chat is another allowance", "chat-1");
            socket.await(ackOf("chat-1"));
        }
    }

    private static Predicate<JsonObject> ackOf(String clientMsgId) {
        return f -> f.getInt("code") == 202 && f.getJsonObject("data").getString("clientMsgId").equals(clientMsgId);
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
