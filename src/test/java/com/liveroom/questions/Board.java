package com.liveroom.questions;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Jsons;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The question board's REST calls, over real HTTP, and what its socket events look like to a client. */
final class Board {

    private final Api api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Board(Api api) {
        this.api = api;
    }

    Api.Response ask(Guest asker, Room room, String content) {
        return api.post("api/question/add", asker.token(),
                Jsons.object().add("content", content).add("streamId", Long.toString(room.id())).build());
    }

    Api.Response askAnonymously(Guest asker, Room room, String content) {
        return api.post("api/question/add", asker.token(), Jsons.object().add("content", content)
                .add("streamId", Long.toString(room.id())).add("anonymous", true).build());
    }

    /** Asks and returns the question's id. */
    long asked(Guest asker, Room room, String content) {
        return id(ask(asker, room, content).expect(200).data());
    }

    Api.Response approve(Guest by, long question) {
        return send("POST", "api/question/" + question + "/approve", by, null);
    }

    Api.Response dismiss(Guest by, long question) {
        return send("POST", "api/question/" + question + "/dismiss", by, null);
    }

    Api.Response answer(Guest by, long question, String answer) {
        return api.post("api/question/" + question + "/answer", by.token(), Jsons.object().add("answer", answer).build());
    }

    Api.Response vote(Guest by, long question) {
        return send("PUT", "api/question/" + question + "/vote", by, null);
    }

    Api.Response takeBackVote(Guest by, long question) {
        return send("DELETE", "api/question/" + question + "/vote", by, null);
    }

    Api.Response list(Guest by, Room room, String query) {
        return api.get("api/question?stream=" + room.id() + query, by.token());
    }

    /** The listing's items, checked to be a 200. */
    List<JsonObject> items(Guest by, Room room, String query) {
        return list(by, room, query).expect(200).data().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    Api.Response settings(Guest by, Room room) {
        return api.get("api/question/settings?stream=" + room.id(), by.token());
    }

    Api.Response changeSettings(Guest by, Room room, String body) {
        return send("PUT", "api/question/settings?stream=" + room.id(), by, body);
    }

    Api.Response holdForReview(Guest by, Room room, boolean hold) {
        return changeSettings(by, room, Jsons.object().add("holdForReview", hold).build().toString());
    }

    Api.Response allowAnonymous(Guest by, Room room, boolean allow) {
        return changeSettings(by, room, Jsons.object().add("allowAnonymous", allow).build().toString());
    }

    Api.Response highlight(Guest by, long question) {
        return send("POST", "api/question/" + question + "/highlight", by, null);
    }

    Api.Response highlighted(Guest by, Room room) {
        return api.get("api/question/highlight?stream=" + room.id(), by.token());
    }

    Api.Response clearHighlight(Guest by, Room room) {
        return send("DELETE", "api/question/highlight?stream=" + room.id(), by, null);
    }

    static long id(JsonObject question) {
        return question.getJsonNumber("id").longValue();
    }

    /** The data of every event with this code the client has received so far, oldest first. */
    static List<JsonObject> events(SocketClient client, int code) {
        return client.frames().stream().filter(f -> f.getInt("code") == code).map(f -> f.getJsonObject("data")).toList();
    }

    /** Waits for a {@code 220} event about this question in this state, and returns its data. */
    static JsonObject awaitQuestionEvent(SocketClient client, long question, String status) {
        return client.await(f -> f.getInt("code") == 220 && id(f.getJsonObject("data")) == question
                && status.equals(f.getJsonObject("data").getString("status"))).getJsonObject("data");
    }

    /**
     * Sends a chat message from the client and waits for its echo. Whatever the server pushed to the client
     * before the request that precedes this call returned is queued ahead of the echo, so after it returns,
     * the client has seen everything those requests pushed.
     */
    static void fence(SocketClient client, String roomNumber) {
        String text = "fence " + System.nanoTime();
        client.chat(roomNumber, text);
        client.awaitItem(i -> i.getString("type").equals("message") && i.getString("content").equals(text));
    }

    private Api.Response send(String method, String path, Guest by, String body) {
        var request = HttpRequest.newBuilder(api.base().resolve(path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", by.token());
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Api.Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
