package com.liveroom.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Who is online: distinct users, in the stream's view and pushed to the room, at most once per interval. */
class PresenceIT extends ShippedWarTest {

    /** liveroom.presence.push-interval-ms at its default */
    private static final long INTERVAL_MS = 3000;

    private static int online(Api api, Room room) {
        return api.get("api/streams/" + room.id(), null).expect(200).data().getInt("online");
    }

    @Test
    void theOnlineCountIsDistinctUsersAndChangesAreThrottled() {
        var api = new Api(base);
        Guest host = api.guest("host");
        Room room = api.stream(host, "presence");
        Guest ann = api.guest("ann");
        List<SocketClient> sockets = new ArrayList<>();
        try (var watcher = SocketClient.withHeader(api.socket(), host.token())) {
            watcher.joined(room.roomNumber());
            JsonObject first = watcher.await(f -> f.getInt("code") == 215);
            assertEquals(1, first.getJsonObject("data").getInt("online"));
            assertEquals(room.roomNumber(), first.getJsonObject("data").getString("topic"));
            assertEquals(1, online(api, room));

            // ann in two tabs is one person; five more viewers arrive one after another, quickly
            for (int i = 0; i < 2; i++) {
                var tab = SocketClient.withHeader(api.socket(), ann.token());
                sockets.add(tab);
                tab.joined(room.roomNumber());
            }
            for (int i = 0; i < 5; i++) {
                var viewer = SocketClient.withHeader(api.socket(), api.guest("viewer" + i).token());
                sockets.add(viewer);
                viewer.joined(room.roomNumber());
            }
            assertEquals(7, online(api, room), "the host, ann (twice) and five viewers");
            watcher.await(f -> f.getInt("code") == 215 && f.getJsonObject("data").getInt("online") == 7);

            for (int i = 0; i < 3; i++) {
                sockets.remove(sockets.size() - 1).close();
            }
            sockets.remove(0).close();
            watcher.await(f -> f.getInt("code") == 215 && f.getJsonObject("data").getInt("online") == 4);
            assertEquals(4, online(api, room), "ann's other tab keeps her online");

            // one more arrival: its push (5) comes after every push before it, so the list below is complete
            var marker = SocketClient.withHeader(api.socket(), api.guest("marker").token());
            sockets.add(marker);
            marker.joined(room.roomNumber());
            watcher.await(f -> f.getInt("code") == 215 && f.getJsonObject("data").getInt("online") == 5,
                    Duration.ofMillis(3 * INTERVAL_MS));
            List<Integer> counts = new ArrayList<>();
            for (JsonObject frame : watcher.frames()) {
                assertTrue(frame.getInt("code") != 200, "presence is never a chat item: " + frame);
                if (frame.getInt("code") == 215) {
                    counts.add(frame.getJsonObject("data").getInt("online"));
                }
            }
            assertTrue(counts.size() <= 7, "12 arrivals and departures cost the room a few pushes, not one each: " + counts);
            for (int i = 1; i < counts.size(); i++) {
                assertTrue(!counts.get(i).equals(counts.get(i - 1)), "a push only when the count changed: " + counts);
            }
            assertEquals(List.of(4, 5), counts.subList(counts.size() - 2, counts.size()),
                    "the settled count, then the marker's arrival: " + counts);
        } finally {
            sockets.forEach(SocketClient::close);
        }
    }

    @Test
    void pushesComeAtMostOncePerInterval() {
        var api = new Api(base);
        Guest host = api.guest("host");
        Room room = api.stream(host, "throttle");
        List<SocketClient> sockets = new ArrayList<>();
        try (var watcher = SocketClient.withHeader(api.socket(), host.token())) {
            watcher.joined(room.roomNumber());
            long end = System.currentTimeMillis() + 2 * INTERVAL_MS + 500;
            int n = 0;
            while (System.currentTimeMillis() < end) {
                var viewer = SocketClient.withHeader(api.socket(), api.guest("v" + n++).token());
                sockets.add(viewer);
                viewer.joined(room.roomNumber());
                // arrivals paced over two intervals, as a crowd trickles in
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
            watcher.await(f -> f.getInt("code") == 215 && f.getJsonObject("data").getInt("online") == sockets.size() + 1);
            List<Long> arrivals = watcher.arrivalMillis(f -> f.getInt("code") == 215);
            assertTrue(arrivals.size() >= 2 && arrivals.size() <= 5,
                    sockets.size() + " arrivals over " + (2 * INTERVAL_MS) + " ms gave " + arrivals.size() + " pushes");
            for (int i = 1; i < arrivals.size(); i++) {
                long gap = arrivals.get(i) - arrivals.get(i - 1);
                assertTrue(gap >= INTERVAL_MS - 300, "pushes " + gap + " ms apart: " + arrivals);
            }
        } finally {
            sockets.forEach(SocketClient::close);
        }
    }
}
