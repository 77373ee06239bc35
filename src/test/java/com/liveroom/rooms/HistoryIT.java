package com.liveroom.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
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
