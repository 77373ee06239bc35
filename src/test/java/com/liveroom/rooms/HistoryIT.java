package com.liveroom.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.MetricsText;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HistoryIT extends ShippedWarTest {

    private Api api;
    private Guest host;
    private Room room;

    @BeforeEach
    void roomWithSevenMessagesAndAQuestion() {
        api = new Api(base);
        host = api.guest("host");
        room = api.stream(host, "history");
        try (var s = SocketClient.withHeader(api.socket(), host.token())) {
            s.joined(room.roomNumber());
            for (int i = 1; i <= 7; i++) {
                s.chat(room.roomNumber(), "m" + i);
            }
            s.awaitItem(i -> i.getString("content").equals("m7"));
        }
        api.post("api/question/add", host.token(), "{\"content\":\"q1\",\"streamId\":" + room.id() + "}").expect(200);
    }

    private List<String> contents(JsonObject page) {
        return page.getJsonArray("items").stream().map(v -> v.asJsonObject().getString("content"))
                .map(c -> c.startsWith("{") ? "question" : c).toList();
    }

    @Test
    void pageOneIsTheNewestAndEachPageRunsOldestToNewest() {
        JsonObject first = api.history(host, room, "&page=1&resultsPerPage=3&type=");
        assertEquals(List.of("m6", "m7", "question"), contents(first));
        assertEquals(8, first.getJsonNumber("total").longValue());
        assertEquals(1, first.getInt("page"));
        assertEquals(3, first.getInt("resultsPerPage"));
        assertEquals(List.of("m3", "m4", "m5"), contents(api.history(host, room, "&page=2&resultsPerPage=3")));
        assertEquals(List.of("m1", "m2"), contents(api.history(host, room, "&page=3&resultsPerPage=3")));
        assertEquals(List.of(), contents(api.history(host, room, "&page=4&resultsPerPage=3")));
    }

    @Test
    void everyPageAndPositionAgreesWithTheWholeHistoryFromMemoryAndFromTheDatabase() {
        List<JsonObject> all;
        try (var s = SocketClient.withHeader(api.socket(), host.token())) {
            s.joined(room.roomNumber());
            for (int i = 1; i <= 52; i++) {
                s.chatUntilAcked(room.roomNumber(), "n" + i, "n" + i, 429, Duration.ofSeconds(30));
            }
            all = items(api.history(host, room, "&after=0&limit=1000"));
            assertEquals(60, all.size());
            for (int index : new int[] {0, 1, 30, 31, 32, 58, 59}) {
                long id = all.get(index).getJsonNumber("id").longValue();
                api.delete("api/streams/" + room.id() + "/items/" + id, host.token()).expect(200);
            }
            s.awaitCount(f -> f.getInt("code") == 210, 7);
            List<JsonObject> visible = items(api.history(host, room, "&after=0&limit=1000"));
            assertEquals(53, visible.size());

            double fromMemory = historyReads("memory");
            agrees(visible);
            assertTrue(historyReads("memory") > fromMemory, "a room with a member here is read from its log");
        }
        List<JsonObject> visible = items(api.history(host, room, "&after=0&limit=1000"));
        assertEquals(53, visible.size());
        // once its last member has left, the room's log goes (within a second or two) and the database answers
        Instant deadline = Instant.now().plusSeconds(10);
        double fromDatabase;
        do {
            fromDatabase = historyReads("database");
            api.history(host, room, "&page=1&resultsPerPage=5");
            assertTrue(Instant.now().isBefore(deadline), "the room's log should go when its last member has left");
        } while (historyReads("database") == fromDatabase);
        agrees(visible);
    }

    /** Every page of a few sizes, and every position, read as the whole history says they must be. */
    private void agrees(List<JsonObject> visible) {
        List<Long> seqs = visible.stream().map(i -> i.getJsonNumber("seq").longValue()).toList();
        for (int perPage : new int[] {1, 7, 20, 53, 100}) {
            for (int page = 1; page <= seqs.size() / perPage + 2; page++) {
                JsonObject answer = api.history(host, room, "&page=" + page + "&resultsPerPage=" + perPage);
                int to = Math.max(0, seqs.size() - (page - 1) * perPage);
                int from = Math.max(0, to - perPage);
                assertEquals(seqs.subList(from, to), seqsOf(answer), "page " + page + " of " + perPage);
                assertEquals(seqs.size(), answer.getJsonNumber("total").longValue());
            }
        }
        for (long seq = 0; seq <= seqs.get(seqs.size() - 1) + 1; seq++) {
            long position = seq;
            List<Long> after = seqs.stream().filter(x -> x > position).limit(5).toList();
            assertEquals(after, seqsOf(api.history(host, room, "&after=" + seq + "&limit=5")), "after " + seq);
            if (seq > 0) {
                List<Long> below = seqs.stream().filter(x -> x < position).toList();
                assertEquals(below.subList(Math.max(0, below.size() - 5), below.size()),
                        seqsOf(api.history(host, room, "&before=" + seq + "&limit=5")), "before " + seq);
            }
        }
    }

    private double historyReads(String source) {
        return MetricsText.labelled(api.get("metrics", null).body(), "liveroom_history_reads_total",
                "source=\"" + source + "\"");
    }

    private static List<JsonObject> items(JsonObject slice) {
        return slice.getJsonArray("items").stream().map(JsonValue::asJsonObject).toList();
    }

    private static List<Long> seqsOf(JsonObject slice) {
        return items(slice).stream().map(i -> i.getJsonNumber("seq").longValue()).toList();
    }

    @Test
    void typeFiltersTheItems() {
        JsonObject questions = api.history(host, room, "&page=1&resultsPerPage=1000&type=question");
        assertEquals(List.of("question"), contents(questions));
        assertEquals(1, questions.getJsonNumber("total").longValue());
        assertEquals(7, api.history(host, room, "&page=1&resultsPerPage=1000&type=message").getJsonArray("items").size());
    }

    @Test
    void theMiniProgramsRequestIsServed() {
        assertEquals(8, api.history(host, room, "&page=1&type=&resultsPerPage=1000").getJsonArray("items").size());
    }

    @Test
    void badPagingIsRefused() {
        String path = "api/message/chatmsg?stream=" + room.id();
        api.get(path + "&page=0", host.token()).expectError(400);
        api.get(path + "&page=-1", host.token()).expectError(400);
        api.get(path + "&page=abc", host.token()).expectError(400);
        api.get(path + "&resultsPerPage=0", host.token()).expectError(400);
        api.get(path + "&resultsPerPage=1001", host.token()).expectError(400);
        api.get(path + "&resultsPerPage=9999999999999999999999", host.token()).expectError(400);
        api.get(path + "&type=poll", host.token()).expectError(400);
        api.get("api/message/chatmsg?stream=abc", host.token()).expectError(400);
        api.get("api/message/chatmsg", host.token()).expectError(400);
        api.get("api/message/chatmsg?stream=987654321", host.token()).expectError(404);
        api.get(path, null).expectError(401);
    }

    @Test
    void streamIsReadableByIdWithItsRoomNumber() {
        var stream = api.get("api/streams/" + room.id(), null).expect(200).data();
        assertEquals(room.roomNumber(), stream.getString("roomNumber"));
        assertEquals(8, stream.getJsonNumber("lastSeq").longValue());
        api.get("api/streams/987654321", null).expectError(404);
        api.post("api/streams", host.token(), "{\"title\":\"\",\"orgName\":\"o\"}").expectError(400);
    }
}
