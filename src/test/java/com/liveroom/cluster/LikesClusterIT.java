package com.liveroom.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.likes.Liking;
import com.liveroom.support.Api;
import com.liveroom.support.SocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Likes across two clustered servers (one PostgreSQL, one data grid): members on both tap at the same moment, and
 * every member on either server is pushed the same total, the sum of every tap, which both servers also answer
 * over REST. Then one server is killed: the taps it had already added to the grid stay in the total the other
 * server counts on. Run it under the machine's cluster lock: {@code flock /tmp/liveroom-cluster.lock mvn ...}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LikesClusterIT {

    private static final Duration SETTLED_WITHIN = Duration.ofSeconds(20);
    private static final int MEMBERS_PER_SERVER = 3;
    private static final int FRAMES = 40;
    private static final int TAPS_PER_FRAME = 5;

    private Cluster cluster;
    private Api.Guest host;
    private Api.Room room;
    private final List<SocketClient> members = new ArrayList<>();
    private long total;

    @BeforeAll
    void startTheCluster() throws Exception {
        cluster = Cluster.start("likes-cluster-it", 2, List.of(
                // the allowance is not under test here; adding up across servers is
                "-Dliveroom.likes.per-second=100000", "-Dliveroom.likes.persist-seconds=2",
                "-Dliveroom.ws.idle-timeout-seconds=600"));
        host = cluster.api(0).guest("likes-cluster-host");
        room = cluster.api(0).stream(host, "cluster likes");
    }

    @AfterAll
    void stopTheCluster() {
        members.forEach(SocketClient::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void tapsOnBothServersAddUpToOneTotalThatEveryMemberOnEitherServerIsPushed() throws Exception {
        for (int server = 0; server < 2; server++) {
            Api api = cluster.api(server);
            for (int i = 0; i < MEMBERS_PER_SERVER; i++) {
                SocketClient socket = SocketClient.withHeader(api.socket(), api.guest("liker-" + server + "-" + i).token());
                members.add(socket);
                socket.joined(room.roomNumber());
            }
        }
        ExecutorService threads = Executors.newFixedThreadPool(members.size());
        try {
            List<Future<?>> tapping = new ArrayList<>();
            for (SocketClient member : members) {
                tapping.add(threads.submit(() -> {
                    for (int f = 0; f < FRAMES; f++) {
                        Liking.tap(member, room, TAPS_PER_FRAME);
                    }
                }));
            }
            // and a client without a socket, on the second server
            Api.Guest restLiker = cluster.api(1).guest("rest-liker");
            assertEquals(7, Liking.like(cluster.api(1), restLiker, room, "{\"count\":7}").expect(200).data()
                    .getInt("accepted"));
            for (Future<?> f : tapping) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        total = (long) members.size() * FRAMES * TAPS_PER_FRAME + 7;

        for (SocketClient member : members) {
            Liking.awaitPushed(member, room, total, SETTLED_WITHIN);
            List<Long> pushed = Liking.pushed(member, room);
            for (int i = 1; i < pushed.size(); i++) {
                assertTrue(pushed.get(i) > pushed.get(i - 1), "a pushed total never goes backwards: " + pushed);
            }
            assertTrue(pushed.stream().allMatch(t -> t <= total), "no tap counted twice: " + pushed);
            assertTrue(member.frames().stream().noneMatch(f -> f.getInt("code") == 200 || f.getInt("code") >= 400),
                    "no chat item and no refusal");
        }
        for (int server = 0; server < 2; server++) {
            assertEquals(total, Liking.total(cluster.api(server), host, room), "GET on server " + server);
        }
    }

    @Test
    @Order(2)
    void theTapsAKilledServerAddedToTheGridStayInTheTotal() throws Exception {
        assertTrue(total > 0, "the first test counted the taps");
        assertEquals(128 + 9, cluster.server(1).kill(), "server 1 should have died of SIGKILL");
        SocketClient onServer0 = members.get(0);
        Liking.tap(onServer0, room, 3);
        Liking.awaitPushed(onServer0, room, total + 3, SETTLED_WITHIN);
        assertEquals(total + 3, Liking.total(cluster.api(0), host, room));
    }
}
