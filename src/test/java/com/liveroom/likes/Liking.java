package com.liveroom.likes;

import com.liveroom.support.Api;
import com.liveroom.support.Jsons;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/** Likes as a client sends and sees them: like frames (type 4), the REST calls, and the pushed totals (250). */
public final class Liking {

    public static final int LIKES = 250;
    public static final int LIKE_FRAME = 4;

    private Liking() {
    }

    /** Sends one like frame of {@code count} taps. */
    public static void tap(SocketClient socket, Api.Room room, int count) {
        socket.send(LIKE_FRAME, Jsons.object().add("topic", room.roomNumber()).add("count", count).build().toString());
    }

    public static Api.Response like(Api api, Api.Guest guest, Api.Room room, String body) {
        return api.post("api/streams/" + room.id() + "/likes", guest.token(), body);
    }

    /** The room's total as {@code GET .../likes} answers it. */
    public static long total(Api api, Api.Guest guest, Api.Room room) {
        return api.get("api/streams/" + room.id() + "/likes", guest.token()).expect(200).data()
                .getJsonNumber("likes").longValue();
    }

    /** The like totals (250) the socket was pushed for the room, in the order they came. */
    public static List<Long> pushed(SocketClient socket, Api.Room room) {
        return socket.frames().stream().filter(f -> f.getInt("code") == LIKES)
                .map(f -> f.getJsonObject("data"))
                .filter(d -> d.getJsonNumber("stream").longValue() == room.id())
                .map(d -> d.getJsonNumber("likes").longValue()).toList();
    }

    /** Sends a frame and waits for the refusal with that code that answers it (one received after it was sent). */
    public static void refused(SocketClient socket, int code, Runnable send) {
        long before = socket.frames().stream().filter(f -> f.getInt("code") == code).count();
        send.run();
        socket.awaitCount(f -> f.getInt("code") == code, before + 1);
    }

    /** Waits until the socket is pushed the room's total {@code expected}, and returns that frame's data. */
    public static JsonObject awaitPushed(SocketClient socket, Api.Room room, long expected, Duration within) {
        return socket.await(f -> f.getInt("code") == LIKES
                && f.getJsonObject("data").getJsonNumber("stream").longValue() == room.id()
                && f.getJsonObject("data").getJsonNumber("likes").longValue() == expected, within)
                .getJsonObject("data");
    }

    /** Polls until the value is as expected, or fails with the last value seen. */
    public static void awaitValue(String what, long expected, Duration within, LongSupplier value) {
        Instant deadline = Instant.now().plus(within);
        long seen;
        while ((seen = value.getAsLong()) != expected) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + ": " + seen + " after " + within + ", expected " + expected);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }
}
