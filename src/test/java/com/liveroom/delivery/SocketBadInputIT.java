package com.liveroom.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Jsons;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import com.liveroom.support.TestTokens;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad frame gets {@code {code, msg}} with the code that fits (never 200), stores nothing, and
 * leaves the sender's socket and everyone else served.
 */
class SocketBadInputIT extends ShippedWarTest {

    private Api api;
    private Guest host;
    private Room room;

    @BeforeEach
    void room() {
        api = new Api(base);
        host = api.guest("host");
        room = api.stream(host, "bad-input");
    }

    /** Sends something bad, expects the error code, then proves the socket, the room and the history are intact. */
    private void refused(int code, Consumer<SocketClient> bad) {
        Guest sender = api.guest("sender");
        Guest bystander = api.guest("bystander");
        try (var s = SocketClient.withHeader(api.socket(), sender.token());
             var other = SocketClient.withHeader(api.socket(), bystander.token())) {
            s.joined(room.roomNumber());
            other.joined(room.roomNumber());
            long before = api.total(host, room);

            bad.accept(s);
            var error = s.awaitError(code);
            assertTrue(error.getString("msg").length() > 3, "the error says why: " + error);

            s.chat(room.roomNumber(), "still here " + code);
            other.awaitItem(i -> i.getString("content").equals("still here " + code));
            s.awaitItem(i -> i.getString("content").equals("still here " + code));
            assertEquals(before + 1, api.total(host, room), "the refused frame stored nothing");
            assertTrue(s.frames().stream().filter(f -> f.getInt("code") == 200).count() == 1,
                    "nothing but the one real message came as a chat item: " + s.frames());
        }
    }

    @Test
    void malformedJsonIsRefused() {
        refused(400, s -> s.sendRaw("{\"type\":2, \"payLoad\": "));
    }

    @Test
    void aFrameThatIsNotAnObjectIsRefused() {
        refused(400, s -> s.sendRaw("[1,2,3]"));
    }

    @Test
    void unknownTypeIsRefused() {
        refused(400, s -> s.send(7, "{}"));
    }

    @Test
    void malformedChatInfoIsRefused() {
        refused(400, s -> s.send(2, Jsons.object().add("topic", room.roomNumber()).add("chatInfo", "{oops").build().toString()));
    }

    @Test
    void emptyContentIsRefused() {
        refused(400, s -> s.chat(room.roomNumber(), "   "));
    }

    @Test
    void contentOverTheLengthLimitIsRefused() {
        refused(413, s -> s.chat(room.roomNumber(), "x".repeat(501)));
    }

    @Test
    void joiningAnUnknownRoomIsRefused() {
        refused(404, s -> s.join("00000000"));
    }

    @Test
    void chattingInARoomNotJoinedIsRefused() {
        Room other = api.stream(host, "not-joined");
        long before = api.total(host, other);
        refused(403, s -> s.chat(other.roomNumber(), "sneaking in"));
        assertEquals(before, api.total(host, other));
    }

    @Test
    void aForgedTokenInAFrameIsRefused() {
        refused(401, s -> s.sendRaw(Jsons.object().add("token", TestTokens.forged(host)).add("type", 2)
                .add("payLoad", Jsons.object().add("topic", room.roomNumber())
                        .add("chatInfo", Jsons.object().add("content", "as the host").build().toString()).build().toString())
                .build().toString()));
    }

    @Test
    void anExpiredTokenInAFrameIsRefused() {
        refused(401, s -> s.sendRaw(Jsons.object().add("token", TestTokens.expired(host)).add("type", 1)
                .add("payLoad", "").build().toString()));
    }

    @Test
    void aSocketWithoutTokenCannotJoinOrChat() {
        try (var s = SocketClient.anonymous(api.socket(), null)) {
            s.join(room.roomNumber());
            s.awaitError(401);
            s.chat(room.roomNumber(), "who am I");
            s.awaitCount(f -> f.getInt("code") == 401, 2);
            assertTrue(s.isOpen());
        }
    }

    @Test
    void aForgedHandshakeTokenIsRefusedAndTheSocketCanStillSignIn() {
        Guest ann = api.guest("ann");
        try (var s = SocketClient.withHeader(api.socket(), TestTokens.forged(ann))) {
            s.awaitError(401);
            s.sendRaw(Jsons.object().add("token", ann.token()).add("type", 3)
                    .add("payLoad", Jsons.object().add("topic", room.roomNumber()).build().toString()).build().toString());
            s.await(f -> f.getInt("code") == 201);
        }
    }

    @Test
    void aFrameOver64KiBClosesTheSocketWith1009AndOthersCarryOn() {
        Guest bystander = api.guest("bystander");
        try (var s = SocketClient.withHeader(api.socket(), api.guest("big").token());
             var other = SocketClient.withHeader(api.socket(), bystander.token())) {
            s.joined(room.roomNumber());
            other.joined(room.roomNumber());
            long before = api.total(host, room);
            s.chat(room.roomNumber(), "y".repeat(70 * 1024));
            assertEquals(1009, s.awaitClose());
            other.chat(room.roomNumber(), "after the big one");
            other.awaitItem(i -> i.getString("content").equals("after the big one"));
            assertEquals(before + 1, api.total(host, room));
        }
    }

    @Test
    void aBinaryFrameClosesTheSocketWith1003() {
        try (var s = SocketClient.withHeader(api.socket(), api.guest("binary").token())) {
            s.sendBinary(new byte[] {1, 2, 3});
            assertEquals(1003, s.awaitClose());
        }
    }

    @Test
    void aRefusedMessageThatNamesItsClientMsgIdIsRefusedUnderThatId() {
        try (var s = SocketClient.withHeader(api.socket(), api.guest("named").token())) {
            s.joined(room.roomNumber());
            s.chat(room.roomNumber(), "", "empty-1");
            s.chat(room.roomNumber(), "z".repeat(501), "long-2");
            s.chat(api.stream(host, "elsewhere").roomNumber(), "not joined", "away-3");
            s.chat(room.roomNumber(), "fine", "fine-4");
            assertEquals("empty-1", s.awaitError(400).getJsonObject("data").getString("clientMsgId"));
            assertEquals("long-2", s.awaitError(413).getJsonObject("data").getString("clientMsgId"));
            assertEquals("away-3", s.awaitError(403).getJsonObject("data").getString("clientMsgId"));
            assertEquals("fine-4", s.await(f -> f.getInt("code") == 202).getJsonObject("data").getString("clientMsgId"));
        }
    }
}
