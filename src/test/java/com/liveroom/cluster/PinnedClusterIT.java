package com.liveroom.cluster;

import static com.liveroom.pinned.Pinboard.awaitPin;
import static com.liveroom.pinned.Pinboard.fence;
import static com.liveroom.pinned.Pinboard.isPinned;
import static com.liveroom.pinned.Pinboard.pinEvents;
import static com.liveroom.pinned.Pinboard.pinOf;
import static com.liveroom.pinned.Pinboard.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.pinned.Pinboard;
import com.liveroom.support.AtOnce;
import com.liveroom.support.Api;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pinned announcement across two clustered servers on one PostgreSQL: a pin set on one server reaches the
 * members on the other, and so does its end, once to each member; a joiner on either server is given it after its
 * 201; a pin replaced on the other server takes its end with it; two pins made at once on the two servers leave every
 * member on the one in force; deleting the pinned item on one server takes the pin down on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PinnedClusterIT {

    private Cluster cluster;
    private Api.Guest host;
    private final List<SocketClient> sockets = new ArrayList<>();

    @BeforeAll
    void startTheCluster() throws Exception {
        // the test's sockets send no heartbeats while they wait out a pin's end
        cluster = Cluster.start("pinned-cluster-it", 2, List.of("-Dliveroom.ws.idle-timeout-seconds=600"));
        host = cluster.api(0).guest("pin-host");
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(SocketClient::close);
        sockets.clear();
    }

    @AfterAll
    void stopTheCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aPinSetOnOneServerReachesTheOtherAndItsEndReachesEveryMemberOnce() {
        Api.Room room = cluster.api(0).stream(host, "pin-across");
        Api.Room replaced = cluster.api(0).stream(host, "pin-replaced");
        SocketClient here = member(0, room);
        SocketClient there = member(1, room);
        SocketClient replacedThere = member(1, replaced);
        SocketClient replacedHere = member(0, replaced);

        JsonObject timed = pins(0).pinText(host, room, "Across the cluster", 30L).expect(200).data();
        for (SocketClient member : List.of(here, there)) {
            assertEquals(timed, awaitPin(member, "Across the cluster"));
        }
        assertEquals("Across the cluster", pins(1).current(host, room).getString("text"), "GET on the other server");
        SocketClient late = member(1, room);
        assertEquals(timed, afterJoined(late), "a late joiner on the other server");

        // a timed pin replaced on the other server: its end does nothing anywhere
        pins(0).pinText(host, replaced, "Short", 30L).expect(200);
        awaitPin(replacedThere, "Short");
        pins(1).pinText(host, replaced, "Stays", null).expect(200);
        awaitPin(replacedHere, "Stays");

        Duration wait = Duration.ofSeconds(40);
        long until = OffsetDateTime.parse(pinOf(timed).getString("until")).toInstant().toEpochMilli();
        for (SocketClient member : List.of(here, there, late)) {
            JsonObject ended = member.await(f -> isPinned(f) && pinOf(f.getJsonObject("data")) == null, wait);
            System.out.println("[pinned] the end reached a member " + (System.currentTimeMillis() - until)
                    + " ms after its until (at most, as seen by the test)");
            assertEquals("pin ended", ended.getString("msg"));
            assertEquals(version(timed), version(ended.getJsonObject("data")));
        }
        assertNull(pins(0).current(host, room));
        assertNull(pins(1).current(host, room));
        for (SocketClient member : List.of(here, there, late)) {
            fence(member, room.roomNumber());
            long ends = pinEvents(member).stream().filter(f -> pinOf(f.getJsonObject("data")) == null).count();
            assertEquals(1, ends, "each member is told of the end once: " + pinEvents(member));
        }
        for (SocketClient member : List.of(replacedHere, replacedThere)) {
            fence(member, replaced.roomNumber());
            assertTrue(pinEvents(member).stream().allMatch(f -> pinOf(f.getJsonObject("data")) != null),
                    "the replaced pin's end did nothing: " + pinEvents(member));
        }
        assertEquals("Stays", pins(0).current(host, replaced).getString("text"));
    }

    @Test
    void twoPinsAtOnceOnTwoServersLeaveEveryMemberOnThePinInForce() {
        Api.Room room = cluster.api(1).stream(host, "pin-race");
        SocketClient here = member(0, room);
        SocketClient there = member(1, room);
        for (int round = 0; round < 5; round++) {
            String a = "zero-" + round;
            String b = "one-" + round;
            List<Api.Response> answers = AtOnce.run(List.of(() -> pins(0).pinText(host, room, a, null),
                    () -> pins(1).pinText(host, room, b, 60L)));
            answers.forEach(answer -> answer.expect(200));
            long va = version(answers.get(0).data());
            long vb = version(answers.get(1).data());
            assertEquals(1, Math.abs(va - vb));
            String inForce = va > vb ? a : b;
            long newest = Math.max(va, vb);
            for (SocketClient member : List.of(here, there)) {
                member.await(f -> isPinned(f) && version(f.getJsonObject("data")) == newest);
                fence(member, room.roomNumber());
                List<JsonObject> told = pinEvents(member);
                assertEquals(inForce, pinOf(told.get(told.size() - 1).getJsonObject("data")).getString("text"));
                for (int i = 1; i < told.size(); i++) {
                    assertTrue(version(told.get(i).getJsonObject("data")) > version(told.get(i - 1).getJsonObject("data")),
                            "never an older word after a newer: " + told);
                }
            }
            assertEquals(inForce, pins(0).current(host, room).getString("text"));
        }
    }

    @Test
    void deletingThePinnedItemOnOneServerTakesThePinDownOnBoth() {
        Api.Room room = cluster.api(0).stream(host, "pin-item");
        SocketClient here = member(0, room);
        SocketClient there = member(1, room);
        there.chat(room.roomNumber(), "pin me");
        long itemId = here.awaitItem(i -> i.getString("content").equals("pin me")).getJsonNumber("id").longValue();
        long pinned = version(pins(0).pinItem(host, room, itemId, null).expect(200).data());
        awaitPin(there, "pin me");
        cluster.api(1).delete("api/streams/" + room.id() + "/items/" + itemId, host.token()).expect(200);
        for (SocketClient member : List.of(here, there)) {
            JsonObject gone = member.await(f -> isPinned(f) && version(f.getJsonObject("data")) == pinned + 1);
            assertNull(pinOf(gone.getJsonObject("data")));
        }
        assertNull(pins(0).current(host, room));
        // a room loaded on a server only after the change: its first member reads the pin from the database
        Api.Room fresh = cluster.api(0).stream(host, "pin-fresh");
        pins(0).pinText(host, fresh, "Before anyone came", null).expect(200);
        JsonObject first = afterJoined(member(1, fresh));
        assertEquals("Before anyone came", pinOf(first).getString("text"));
    }

    private Pinboard pins(int server) {
        return new Pinboard(cluster.api(server));
    }

    private SocketClient member(int server, Api.Room room) {
        SocketClient client = SocketClient.withHeader(cluster.api(server).socket(),
                cluster.api(server).guest("member-" + server).token());
        sockets.add(client);
        client.joined(room.roomNumber());
        return client;
    }

    /** The frame right after the client's 201, which must be a 260; its data. */
    private static JsonObject afterJoined(SocketClient client) {
        client.await(f -> f.getInt("code") == 201);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<JsonObject> frames = client.frames();
            for (int i = 0; i + 1 < frames.size(); i++) {
                if (frames.get(i).getInt("code") == 201) {
                    JsonObject next = frames.get(i + 1);
                    assertTrue(isPinned(next), "right after 201 comes the pin: " + frames);
                    return next.getJsonObject("data");
                }
            }
            assertTrue(System.nanoTime() < deadline, "nothing after the 201: " + frames);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

}
