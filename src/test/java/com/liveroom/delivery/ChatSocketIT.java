package com.liveroom.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Jsons;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ChatSocketIT extends ShippedWarTest {

    @Test
    void messageReachesEveryMemberOfItsRoomAndNoOtherRoom() {
        var api = new Api(base);
        Guest host = api.guest("host");
        Room one = api.stream(host, "one");
        Room two = api.stream(host, "two");
        Guest ann = api.guest("ann");
        Guest bob = api.guest("bob");
        Guest cid = api.guest("cid");
        try (var a = SocketClient.withHeader(api.socket(), ann.token());
             var b = SocketClient.withQuery(api.socket(), bob.token());
             var c = SocketClient.anonymous(api.socket(), cid.token())) {
            a.joined(one.roomNumber());
            b.joined(one.roomNumber());
            c.joined(two.roomNumber());

            a.chat(one.roomNumber(), "hello room one");
            c.chat(two.roomNumber(), "hello room two");

            JsonObject seenByAnn = a.awaitItem(i -> i.getString("content").equals("hello room one"));
            JsonObject seenByBob = b.awaitItem(i -> i.getString("content").equals("hello room one"));
            c.awaitItem(i -> i.getString("content").equals("hello room two"));
            assertEquals(seenByAnn, seenByBob, "every member gets the same item");
            assertEquals("message", seenByAnn.getString("type"));
            assertEquals(ann.id(), seenByAnn.getJsonNumber("user").longValue());
            assertEquals(one.id(), seenByAnn.getJsonNumber("stream").longValue());

            b.awaitItem(i -> i.getString("content").equals("hello room one"));
            assertTrue(a.items().stream().noneMatch(i -> i.getString("content").equals("hello room two")));
            assertTrue(b.items().stream().noneMatch(i -> i.getString("content").equals("hello room two")));
            assertTrue(c.items().stream().noneMatch(i -> i.getString("content").equals("hello room one")));
        }
    }

    @Test
    void identityAndTimeComeFromTheServerNotFromChatInfo() {
        var api = new Api(base);
        Room room = api.stream(api.guest("host"), "identity");
        Guest ann = api.guest("ann");
        try (var a = SocketClient.withHeader(api.socket(), ann.token())) {
            a.joined(room.roomNumber());
            a.chatInfo(room.roomNumber(), Jsons.object().add("content", "it is me").add("type", "message")
                    .add("user", 999_999).add("displayName", "Impostor").add("avatarurl", "https://evil.example/x.png")
                    .add("createdat", "2018-10-8 14:30").build().toString());
            JsonObject item = a.awaitItem(i -> i.getString("content").equals("it is me"));
            assertEquals(ann.id(), item.getJsonNumber("user").longValue());
            assertEquals(ann.displayName(), item.getString("displayName"));
            assertEquals(ann.avatarUrl(), item.getString("avatarurl"));
            var created = OffsetDateTime.parse(item.getString("createdat"));
            assertTrue(Duration.between(created.toInstant(), java.time.Instant.now()).abs().toSeconds() < 60,
                    "createdat is the server's clock, with an offset: " + item.getString("createdat"));
        }
    }

    @Test
    void itemsAreStoredInHistoryInTheOrderMembersReceiveThem() {
        var api = new Api(base);
        Guest host = api.guest("host");
        Room room = api.stream(host, "order");
        List<SocketClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                var client = SocketClient.withHeader(api.socket(), api.guest("member" + i).token());
                client.joined(room.roomNumber());
                clients.add(client);
            }
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                var client = clients.get(i);
                int sender = i;
                senders.add(CompletableFuture.runAsync(() -> {
                    for (int m = 0; m < 10; m++) {
                        client.chat(room.roomNumber(), "m-" + sender + "-" + m);
                    }
                }));
            }
            senders.forEach(CompletableFuture::join);
            for (var client : clients) {
                client.await(f -> client.items().size() == 40);
            }
            List<Long> order = clients.get(0).items().stream().map(i -> i.getJsonNumber("seq").longValue()).toList();
            for (var client : clients) {
                assertEquals(order, client.items().stream().map(i -> i.getJsonNumber("seq").longValue()).toList(),
                        "every member sees the same order");
            }
            for (int k = 1; k < order.size(); k++) {
                assertEquals(order.get(k - 1) + 1, order.get(k), "seq has no gaps and no repeats");
            }
            var history = api.history(host, room, "&page=1&resultsPerPage=1000").getJsonArray("items");
            assertEquals(order, history.stream().map(v -> v.asJsonObject().getJsonNumber("seq").longValue()).toList());
        } finally {
            clients.forEach(SocketClient::close);
        }
    }

    @Test
    void concurrentHandshakesKeepTheirOwnIdentities() {
        var api = new Api(base);
        Room room = api.stream(api.guest("host"), "handshakes");
        List<Guest> guests = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            guests.add(api.guest("g" + i));
        }
        List<CompletableFuture<SocketClient>> opening = guests.stream()
                .map(g -> CompletableFuture.supplyAsync(() -> SocketClient.withHeader(api.socket(), g.token())))
                .toList();
        List<SocketClient> clients = opening.stream().map(CompletableFuture::join).toList();
        try {
            for (int i = 0; i < clients.size(); i++) {
                var client = clients.get(i);
                client.joined(room.roomNumber());
                // no token in the frame: the identity is the handshake's
                client.sendRaw(Jsons.object().add("type", 2).add("payLoad", Jsons.object()
                        .add("topic", room.roomNumber())
                        .add("chatInfo", Jsons.object().add("content", "from " + i).build().toString())
                        .build().toString()).build().toString());
                int n = i;
                JsonObject item = client.awaitItem(it -> it.getString("content").equals("from " + n));
                assertEquals(guests.get(i).id(), item.getJsonNumber("user").longValue());
            }
        } finally {
            clients.forEach(SocketClient::close);
        }
    }

    @Test
    void payLoadMayBeAnObjectAndTypeMayBeText() {
        var api = new Api(base);
        Room room = api.stream(api.guest("host"), "shapes");
        Guest ann = api.guest("ann");
        try (var a = SocketClient.anonymous(api.socket(), null)) {
            a.sendRaw(Jsons.object().add("token", ann.token()).add("type", "3")
                    .add("payLoad", Jsons.object().add("topic", room.roomNumber())).build().toString());
            a.await(f -> f.getInt("code") == 201);
            a.sendRaw(Jsons.object().add("token", ann.token()).add("type", 2)
                    .add("payLoad", Jsons.object().add("topic", room.roomNumber())
                            .add("chatInfo", Jsons.object().add("content", "object shaped").add("type", "message")))
                    .build().toString());
            a.awaitItem(i -> i.getString("content").equals("object shaped"));
            assertFalse(a.frames().stream().anyMatch(f -> f.getInt("code") >= 400), "no errors: " + a.frames());
        }
    }
}
