package com.liveroom.pinned;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Jsons;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;

/** The pin's REST calls, over real HTTP, and what its events look like to a client. */
public final class Pinboard {

    public static final int PINNED = 260;

    private final Api api;

    public Pinboard(Api api) {
        this.api = api;
    }

    public Api.Response pinText(Guest by, Room room, String text, Long seconds) {
        var body = Jsons.object().add("text", text);
        if (seconds != null) {
            body.add("seconds", seconds);
        }
        return pin(by, room, body.build().toString());
    }

    public Api.Response pinItem(Guest by, Room room, long itemId, Long seconds) {
        var body = Jsons.object().add("itemId", itemId);
        if (seconds != null) {
            body.add("seconds", seconds);
        }
        return pin(by, room, body.build().toString());
    }

    public Api.Response pin(Guest by, Room room, String body) {
        return api.put(path(room), by.token(), body);
    }

    public Api.Response unpin(Guest by, Room room) {
        return api.delete(path(room), by.token());
    }

    public Api.Response get(Guest by, Room room) {
        return api.get(path(room), by.token());
    }

    /** The pin in force as GET shows it, or null. */
    public JsonObject current(Guest by, Room room) {
        return pinOf(get(by, room).expect(200).data());
    }

    private static String path(Room room) {
        return "api/streams/" + room.id() + "/pin";
    }

    /** The pin of a state ({@code data} of a 260 or of an answer); null when nothing is pinned. */
    public static JsonObject pinOf(JsonObject state) {
        JsonValue pin = state.get("pin");
        return pin instanceof JsonObject shown ? shown : null;
    }

    public static boolean isPinned(JsonObject frame) {
        return frame.getInt("code") == PINNED;
    }

    /** Waits for a 260 that shows this text, and returns its data. */
    public static JsonObject awaitPin(SocketClient client, String text) {
        return awaitPin(client, text, SocketClient.WAIT);
    }

    public static JsonObject awaitPin(SocketClient client, String text, Duration wait) {
        return client.await(f -> isPinned(f) && pinOf(f.getJsonObject("data")) != null
                && text.equals(pinOf(f.getJsonObject("data")).getString("text")), wait).getJsonObject("data");
    }

    /** Waits for a 260 with nothing pinned, of at least this version, and returns its frame. */
    public static JsonObject awaitNoPin(SocketClient client, long version, Duration wait) {
        return client.await(f -> isPinned(f) && pinOf(f.getJsonObject("data")) == null
                && f.getJsonObject("data").getJsonNumber("version").longValue() >= version, wait);
    }

    /** Every 260 the client has received so far, oldest first. */
    public static List<JsonObject> pinEvents(SocketClient client) {
        return client.frames().stream().filter(Pinboard::isPinned).toList();
    }

    public static long version(JsonObject state) {
        return state.getJsonNumber("version").longValue();
    }

    /**
     * Sends a chat message from the client and waits for its echo: whatever the server pushed to the client before
     * the calls that preceded this one returned is queued ahead of it.
     */
    public static void fence(SocketClient client, String roomNumber) {
        String text = "fence " + System.nanoTime();
        client.chat(roomNumber, text);
        client.awaitItem(i -> i.getString("type").equals("message") && i.getString("content").equals(text));
    }
}
