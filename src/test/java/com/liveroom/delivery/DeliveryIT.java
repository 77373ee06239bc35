package com.liveroom.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Order, resume, idempotent sends and acks: delivery a client can rely on when things go wrong. */
class DeliveryIT extends ShippedWarTest {

    private Api api;
    private Guest host;
    private Room room;

    @BeforeEach
    void room() {
        api = new Api(base);
        host = api.guest("host");
        room = api.stream(host, "delivery");
    }

    private static long seq(JsonObject item) {
        return item.getJsonNumber("seq").longValue();
    }

    private static List<String> contents(List<JsonObject> items) {
        return items.stream().map(i -> i.getString("content")).toList();
    }

    @Test
    void aMemberThatDropsAndResumesGetsExactlyWhatItMissedThenLiveItems() {
        Guest ann = api.guest("ann");
        try (var talker = SocketClient.withHeader(api.socket(), host.token())) {
            talker.joined(room.roomNumber());
            long since;
            String epoch;
            try (var dropping = SocketClient.withHeader(api.socket(), ann.token())) {
                dropping.join(room.roomNumber());
                JsonObject joined = dropping.await(f -> f.getInt("code") == 201);
                dropping.chat(room.roomNumber(), "before the drop", "b-1");
                JsonObject last = dropping.awaitItem(i -> i.getString("content").equals("before the drop"));
                since = seq(last);
                epoch = last.getString("epoch");
                assertEquals(epoch, joined.getJsonObject("data").getString("epoch"));
            }
            for (int i = 1; i <= 5; i++) {
                talker.chat(room.roomNumber(), "missed " + i, "missed-" + i);
            }
            talker.await(f -> f.getInt("code") == 202 && f.getJsonObject("data").getString("clientMsgId").equals("missed-5"));

            try (var back = SocketClient.withHeader(api.socket(), ann.token())) {
                back.resume(room.roomNumber(), since, epoch);
                JsonObject joined = back.await(f -> f.getInt("code") == 201);
                assertEquals(5, joined.getJsonObject("data").getInt("replayed"));
                talker.chat(room.roomNumber(), "live after resume");
                back.awaitItem(i -> i.getString("content").equals("live after resume"));
                List<JsonObject> items = back.items();
                assertEquals(List.of("missed 1", "missed 2", "missed 3", "missed 4", "missed 5", "live after resume"),
                        contents(items), "the missed items in order, then live, nothing twice");
                for (int i = 0; i < items.size(); i++) {
                    assertEquals(since + 1 + i, seq(items.get(i)), "no gap between replay and live");
                }
                int joinedAt = back.frames().indexOf(joined);
                assertTrue(back.frames().subList(0, joinedAt).stream().allMatch(f -> f.getInt("code") == 200),
                        "the replay comes before the join is confirmed");
            }
        }
    }

    @Test
    void aGapBeyondTheReplayCapOrAnotherEpochGets410AndNothingOfTheGap() {
        Guest ann = api.guest("ann");
        try (var talker = SocketClient.withHeader(api.socket(), host.token())) {
            talker.joined(room.roomNumber());
            talker.chat(room.roomNumber(), "first", "first");
            JsonObject first = talker.awaitItem(i -> i.getString("content").equals("first"));
            String epoch = first.getString("epoch");

            try (var wrongEpoch = SocketClient.withHeader(api.socket(), ann.token())) {
                wrongEpoch.resume(room.roomNumber(), 0, "another-history");
                JsonObject gone = wrongEpoch.awaitError(410);
                assertEquals(epoch, gone.getJsonObject("data").getString("epoch"));
                talker.chat(room.roomNumber(), "live for the reloader");
                wrongEpoch.awaitItem(i -> i.getString("content").equals("live for the reloader"));
                assertEquals(List.of("live for the reloader"), contents(wrongEpoch.items()), "nothing of the gap");
            }
            try (var future = SocketClient.withHeader(api.socket(), ann.token())) {
                future.resume(room.roomNumber(), 10_000, epoch);
                future.awaitError(410);
            }
        }
    }

    @Test
    void theSameClientMsgIdThreeTimesIsStoredOnceAndAckedThreeTimesAlike() {
        Guest ann = api.guest("ann");
        try (var a = SocketClient.withHeader(api.socket(), ann.token());
             var watcher = SocketClient.withHeader(api.socket(), host.token())) {
            a.joined(room.roomNumber());
            watcher.joined(room.roomNumber());
            IntStream.range(0, 3).forEach(i -> a.chat(room.roomNumber(), "only once", "dup-1"));
            a.awaitCount(f -> f.getInt("code") == 202, 3);
            List<JsonObject> acks = a.frames().stream().filter(f -> f.getInt("code") == 202)
                    .map(f -> f.getJsonObject("data")).toList();
            assertEquals(1, acks.stream().distinct().count(), "three acks with the same id and seq: " + acks);
            assertEquals("dup-1", acks.get(0).getString("clientMsgId"));

            a.chat(room.roomNumber(), "a later message", "other-2");
            watcher.awaitItem(i -> i.getString("content").equals("a later message"));
            assertEquals(List.of("only once", "a later message"), contents(watcher.items()));
            var history = api.history(host, room, "&page=1&resultsPerPage=100").getJsonArray("items");
            assertEquals(2, history.size());
            assertEquals(acks.get(0).getJsonNumber("seq").longValue(), seq(history.getJsonObject(0)));
            assertEquals(acks.get(0).getJsonNumber("id").longValue(), history.getJsonObject(0).getJsonNumber("id").longValue());
        }
    }

    @Test
    void theSameClientMsgIdFromAnotherUserIsAnotherMessage() {
        try (var a = SocketClient.withHeader(api.socket(), api.guest("ann").token());
             var b = SocketClient.withHeader(api.socket(), api.guest("bob").token())) {
            a.joined(room.roomNumber());
            b.joined(room.roomNumber());
            a.chat(room.roomNumber(), "from ann", "shared-id");
            a.await(f -> f.getInt("code") == 202);
            b.chat(room.roomNumber(), "from bob", "shared-id");
            b.await(f -> f.getInt("code") == 202);
            assertEquals(2, api.total(host, room));
        }
    }

    @Test
    void historyPagesByPosition() {
        try (var a = SocketClient.withHeader(api.socket(), host.token())) {
            a.joined(room.roomNumber());
            for (int i = 1; i <= 6; i++) {
                a.chat(room.roomNumber(), "p" + i, "p" + i);
            }
            a.await(f -> f.getInt("code") == 202 && f.getJsonObject("data").getString("clientMsgId").equals("p6"));
        }
        var after = api.history(host, room, "&after=2&limit=3").getJsonArray("items");
        assertEquals(List.of(3L, 4L, 5L), after.stream().map(v -> seq(v.asJsonObject())).toList());
        var before = api.history(host, room, "&before=4&limit=2").getJsonArray("items");
        assertEquals(List.of(2L, 3L), before.stream().map(v -> seq(v.asJsonObject())).toList());
        var all = api.history(host, room, "&after=0").getJsonArray("items");
        assertEquals(6, all.size());
        String path = "api/message/chatmsg?stream=" + room.id();
        api.get(path + "&after=-1", host.token()).expectError(400);
        api.get(path + "&after=1&before=3", host.token()).expectError(400);
        api.get(path + "&after=1&limit=1001", host.token()).expectError(400);
        api.get(path + "&before=x", host.token()).expectError(400);
    }
}
