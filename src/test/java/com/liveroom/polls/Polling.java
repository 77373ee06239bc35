package com.liveroom.polls;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Jsons;
import com.liveroom.support.SocketClient;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.util.List;

/** The polls' REST calls, over real HTTP, and what their socket events look like to a client. */
final class Polling {

    private final Api api;

    Polling(Api api) {
        this.api = api;
    }

    Api.Response create(Guest by, Room room, String question, List<String> options, boolean multiple, boolean anonymous) {
        JsonArrayBuilder texts = Json.createArrayBuilder();
        options.forEach(texts::add);
        return api.post("api/polls", by.token(), Jsons.object().add("stream", room.id()).add("question", question)
                .add("options", texts).add("multiple", multiple).add("anonymous", anonymous).build());
    }

    /** Drafts a single-choice poll with named results and returns its id. */
    long draft(Guest by, Room room, String question, String... options) {
        return id(create(by, room, question, List.of(options), false, false).expect(200).data());
    }

    /** Drafts and opens a poll, and returns its id. */
    long opened(Guest by, Room room, boolean multiple, boolean anonymous, String question, String... options) {
        long id = id(create(by, room, question, List.of(options), multiple, anonymous).expect(200).data());
        open(by, id).expect(200);
        return id;
    }

    Api.Response edit(Guest by, long poll, String body) {
        return api.put("api/polls/" + poll, by.token(), body);
    }

    Api.Response delete(Guest by, long poll) {
        return api.delete("api/polls/" + poll, by.token());
    }

    Api.Response open(Guest by, long poll) {
        return api.post("api/polls/" + poll + "/open", by.token(), "");
    }

    Api.Response close(Guest by, long poll) {
        return api.post("api/polls/" + poll + "/close", by.token(), "");
    }

    Api.Response vote(Guest by, long poll, int... options) {
        JsonArrayBuilder chosen = Json.createArrayBuilder();
        for (int option : options) {
            chosen.add(option);
        }
        return voteWith(by, poll, Jsons.object().add("options", chosen).build().toString());
    }

    Api.Response voteWith(Guest by, long poll, String body) {
        return api.put("api/polls/" + poll + "/vote", by.token(), body);
    }

    Api.Response takeBack(Guest by, long poll) {
        return api.delete("api/polls/" + poll + "/vote", by.token());
    }

    Api.Response myVote(Guest by, long poll) {
        return api.get("api/polls/" + poll + "/vote", by.token());
    }

    Api.Response read(Guest by, long poll) {
        return api.get("api/polls/" + poll, by.token());
    }

    Api.Response voters(Guest by, long poll) {
        return api.get("api/polls/" + poll + "/voters", by.token());
    }

    Api.Response list(Guest by, Room room, String query) {
        return api.get("api/polls?stream=" + room.id() + query, by.token());
    }

    List<JsonObject> items(Guest by, Room room) {
        return list(by, room, "").expect(200).data().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    /** The audit log's actions, newest first. */
    List<String> audited(Guest host, Room room) {
        return api.get("api/streams/" + room.id() + "/audit?resultsPerPage=100", host.token()).expect(200).data()
                .getJsonArray("items").getValuesAs(JsonObject.class).stream().map(e -> e.getString("action")).toList();
    }

    static long id(JsonObject poll) {
        return poll.getJsonNumber("id").longValue();
    }

    static List<Integer> ints(JsonObject object, String name) {
        return object.getJsonArray(name).getValuesAs(JsonNumber.class).stream().map(JsonNumber::intValue).toList();
    }

    /** The data of every event with this code the client has received so far, oldest first. */
    static List<JsonObject> events(SocketClient client, int code) {
        return client.frames().stream().filter(f -> f.getInt("code") == code).map(f -> f.getJsonObject("data")).toList();
    }

    /** Waits for a {@code 240} about this poll in this status, and returns its data. */
    static JsonObject awaitPoll(SocketClient client, long poll, String status) {
        return client.await(f -> f.getInt("code") == 240 && id(f.getJsonObject("data")) == poll
                && status.equals(f.getJsonObject("data").getString("status"))).getJsonObject("data");
    }

    /** Waits for a {@code 241} of this poll with these counts, and returns its data. */
    static JsonObject awaitResults(SocketClient client, long poll, List<Integer> counts) {
        return client.await(f -> f.getInt("code") == 241
                && f.getJsonObject("data").getJsonNumber("pollId").longValue() == poll
                && ints(f.getJsonObject("data"), "counts").equals(counts)).getJsonObject("data");
    }

    /**
     * Sends a chat message from the client and waits for its echo: whatever the server pushed to the client before
     * the requests that precede this call returned is queued ahead of the echo.
     */
    static void fence(SocketClient client, String roomNumber) {
        String text = "fence " + System.nanoTime();
        client.chat(roomNumber, text);
        client.awaitItem(i -> i.getString("type").equals("message") && i.getString("content").equals(text));
    }
}
