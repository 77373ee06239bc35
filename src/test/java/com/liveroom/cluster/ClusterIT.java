package com.liveroom.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.PayaraMicroProcess;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Payara Micro servers clustered over their data grid on loopback, one PostgreSQL: a room is one room whichever
 * server its members are on. Every test checks what each member received against the room's history in the
 * database: the same items, in {@code seq} order, each once, no gap. One test freezes a server (SIGSTOP) until the
 * grid gives it up, and lets it run again; one kills a server with SIGKILL, and the last starts it again on the same
 * root directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final Duration DELIVERED_WITHIN = Duration.ofSeconds(60);
    private static final int SOCKETS_PER_USER = 4;
    /** The grid's heartbeat timeout here (ClusterIT sets it to 20 s) and a merge check's interval, with room to spare. */
    private static final Duration SPLIT_WITHIN = Duration.ofSeconds(120);

    private Cluster cluster;
    private Api.Guest host;
    private final List<Peer> peers = new ArrayList<>();
    private ExecutorService threads;

    @BeforeAll
    void startTheCluster() throws Exception {
        cluster = Cluster.start("cluster-it", 2, List.of(
                // the per-user rate limit is not under test here; thousands of messages are
                "-Dliveroom.limits.messages-per-second=100000", "-Dliveroom.limits.message-burst=100000",
                // small group commits, so that the two servers' transactions on one room interleave many times
                "-Dliveroom.writer.batch-size=16",
                "-Dliveroom.limits.connections-per-user=" + SOCKETS_PER_USER,
                // a moderation change on one server can only apply on the other at once through the grid
                "-Dliveroom.moderation.cache-seconds=600",
                "-Dliveroom.presence.push-interval-ms=300", "-Dliveroom.questions.vote-push-millis=200",
                // a frozen server is given up after 20 s rather than Hazelcast's 60, so that the split test is short;
                // the test's members send no heartbeats, and those of a frozen server look idle once it runs again
                "-Dhazelcast.max.no.heartbeat.seconds=20", "-Dliveroom.ws.idle-timeout-seconds=600"));
        host = cluster.api(0).guest("cluster-host");
    }

    @AfterEach
    void closePeers() throws InterruptedException {
        if (threads != null) {
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
        peers.forEach(Peer::close);
        peers.clear();
    }

    @AfterAll
    void stopTheCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void everyMemberOnEitherServerSeesEachRoomInTheSameSeqOrder() throws Exception {
        List<Api.Room> rooms = List.of(cluster.api(0).stream(host, "order-a"), cluster.api(1).stream(host, "order-b"));
        List<Peer> receivers = new ArrayList<>();
        List<Peer> senders = new ArrayList<>();
        for (int server = 0; server < 2; server++) {
            for (int i = 0; i < 3; i++) {
                receivers.add(peer("receiver-" + server + "-" + i, server, rooms));
            }
            for (int i = 0; i < 2; i++) {
                senders.add(peer("sender-" + server + "-" + i, server, rooms));
            }
        }
        int perSender = 150;
        threads = Executors.newFixedThreadPool(senders.size());
        List<Future<?>> sending = new ArrayList<>();
        for (Peer sender : senders) {
            sending.add(threads.submit(() -> {
                for (int m = 0; m < perSender; m++) {
                    assertTrue(sender.sendNew(rooms.get(m % 2), "order"), sender.name + " could not send");
                }
            }));
        }
        for (Future<?> f : sending) {
            f.get(60, TimeUnit.SECONDS);
        }
        for (Peer sender : senders) {
            Peer.await(sender.name + "'s acks", DELIVERED_WITHIN, () -> sender.acks().size() == perSender);
        }
        for (Api.Room room : rooms) {
            List<JsonObject> history = history(room);
            assertEquals(senders.size() * perSender / 2, history.size(), "items stored in room " + room.roomNumber());
            List<Long> expected = LongStream.rangeClosed(1, history.size()).boxed().toList();
            assertEquals(expected, history.stream().map(i -> i.getJsonNumber("seq").longValue()).toList(),
                    "history of room " + room.roomNumber());
            List<Peer> members = new ArrayList<>(receivers);
            members.addAll(senders);
            for (Peer member : members) {
                Peer.await(member.name + " receiving room " + room.roomNumber(), DELIVERED_WITHIN,
                        () -> member.seqs(room).size() >= expected.size());
                assertEquals(expected, member.seqs(room), member.name + " in room " + room.roomNumber());
            }
        }
        assertNoRefusals();
        System.out.printf("[cluster] order: %d members on 2 servers, %d senders x %d messages, 2 rooms; every member "
                + "saw each room as 1..n in order%n", receivers.size() + senders.size(), senders.size(), perSender);
    }

    @Test
    @Order(2)
    void concurrentWritersOnBothServersGetUniqueGapFreeSeqs() throws Exception {
        Api.Room room = cluster.api(0).stream(host, "writers");
        List<Peer> writers = new ArrayList<>();
        for (int server = 0; server < 2; server++) {
            for (int i = 0; i < 4; i++) {
                writers.add(peer("writer-" + server + "-" + i, server, List.of(room)));
            }
        }
        int each = 250;
        threads = Executors.newFixedThreadPool(writers.size());
        List<Future<?>> sending = new ArrayList<>();
        for (Peer writer : writers) {
            String origin = writer.name.substring("writer-".length(), "writer-".length() + 1);
            sending.add(threads.submit(() -> {
                for (int m = 0; m < each; m++) {
                    assertTrue(writer.sendNew(room, "server" + origin), writer.name + " could not send");
                }
            }));
        }
        for (Future<?> f : sending) {
            f.get(120, TimeUnit.SECONDS);
        }
        Map<String, Long> acks = new HashMap<>();
        for (Peer writer : writers) {
            Peer.await(writer.name + "'s acks", DELIVERED_WITHIN, () -> writer.acks().size() == each);
            acks.putAll(writer.acks());
        }
        List<JsonObject> history = history(room);
        int total = writers.size() * each;
        assertEquals(total, history.size());
        Set<Long> seqs = new HashSet<>();
        int switches = 0;
        String previous = null;
        for (int i = 0; i < history.size(); i++) {
            JsonObject item = history.get(i);
            long seq = item.getJsonNumber("seq").longValue();
            assertEquals(i + 1, seq, "seq at position " + (i + 1));
            assertTrue(seqs.add(seq), "seq " + seq + " twice");
            String content = item.getString("content");
            String clientMsgId = content.substring(content.indexOf(':') + 1);
            assertEquals(Long.valueOf(seq), acks.get(clientMsgId), clientMsgId + " was acked with another seq");
            String origin = content.substring(0, content.indexOf(':'));
            if (previous != null && !previous.equals(origin)) {
                switches++;
            }
            previous = origin;
        }
        assertEquals(total, acks.size());
        // the two servers really wrote at the same time: their items interleave in the room's order
        assertTrue(switches > 20, "the servers' items hardly interleave (" + switches + " switches)");
        assertEquals(total, cluster.api(1).get("api/streams/" + room.id(), host.token()).expect(200).data()
                .getJsonNumber("lastSeq").longValue());
        assertNoRefusals();
        System.out.printf("[cluster] writers: %d sockets on 2 servers wrote %d items to one room: seq 1..%d, unique, "
                + "%d switches between servers in seq order%n", writers.size(), total, total, switches);
    }

    @Test
    @Order(3)
    void aMemberThatResumesOnTheOtherServerMissesNothingAndGetsNothingTwice() throws Exception {
        Api.Room room = cluster.api(0).stream(host, "resume");
        String epoch = cluster.api(0).get("api/streams/" + room.id(), host.token()).expect(200).data()
                .getString("epoch");
        Peer moving = peer("moving", 0, List.of(room));
        Peer watcher = peer("watcher", 1, List.of(room));
        List<Peer> senders = List.of(peer("resume-sender-0", 0, List.of(room)),
                peer("resume-sender-1", 1, List.of(room)));
        var running = new AtomicBoolean(true);
        threads = Executors.newFixedThreadPool(senders.size());
        List<Future<?>> sending = new ArrayList<>();
        for (Peer sender : senders) {
            sending.add(threads.submit(() -> {
                while (running.get()) {
                    assertTrue(sender.sendNew(room, "resume"), sender.name + " could not send");
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            }));
        }
        Peer.await("50 items on server 0", DELIVERED_WITHIN, () -> moving.seqs(room).size() >= 50);
        moving.abort();
        long since = moving.lastSeq(room);
        Peer.await("50 more items", DELIVERED_WITHIN, () -> watcher.lastSeq(room) >= since + 50);
        // back, on the other server, while both servers keep writing
        moving.connect(cluster.server(1).socket());
        JsonObject joined = moving.resume(room, epoch);
        assertEquals(201, joined.getInt("code"), "resume answered " + joined);
        int replayed = joined.getJsonObject("data").getInt("replayed");
        Peer.await("50 items after the resume", DELIVERED_WITHIN, () -> moving.lastSeq(room) >= since + replayed + 50);
        running.set(false);
        for (Future<?> f : sending) {
            f.get(30, TimeUnit.SECONDS);
        }
        for (Peer sender : senders) {
            Peer.await(sender.name + "'s acks", DELIVERED_WITHIN, () -> sender.acks().size() == sender.sent().size());
        }
        long total = history(room).size();
        Peer.await("every item at the moved member", DELIVERED_WITHIN, () -> moving.lastSeq(room) >= total);
        List<Long> expected = LongStream.rangeClosed(1, total).boxed().toList();
        assertEquals(expected, moving.seqs(room), "what the moved member received, before and after moving");
        assertEquals(expected, watcher.seqs(room));
        assertTrue(replayed > 0, "the resume replayed nothing: the test did not cover a replay");
        assertNoRefusals();
        System.out.printf("[cluster] resume: left server 0 at seq %d, resumed on server 1 with %d replayed, "
                + "room ended at %d; received 1..%d once each%n", since, replayed, total, total);
    }

    @Test
    @Order(4)
    void theSocketsPerUserLimitCountsTheSocketsOnEveryServer() {
        Api.Guest user = cluster.api(0).guest("many-sockets");
        Api.Room room = cluster.api(0).stream(user, "census");
        List<SocketClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < SOCKETS_PER_USER; i++) {
                SocketClient socket = SocketClient.withHeader(cluster.server(i % 2).socket(), user.token());
                open.add(socket);
                assertEquals(201, joinAnswer(socket, room), "socket " + (i + 1) + " of " + SOCKETS_PER_USER);
            }
            // one too many, on either server: refused with 429, then closed
            for (int server = 0; server < 2; server++) {
                SocketClient extra = SocketClient.withHeader(cluster.server(server).socket(), user.token());
                extra.awaitError(429);
                assertEquals(1008, extra.awaitClose(), "the extra socket on server " + server);
            }
            // one closed on server 0 frees a place on server 1
            open.remove(0).close();
            Peer.await("a socket accepted on server 1 after one closed on server 0", DELIVERED_WITHIN, () -> {
                SocketClient again = SocketClient.withHeader(cluster.server(1).socket(), user.token());
                open.add(again);
                return joinAnswer(again, room) == 201;
            });
        } finally {
            open.forEach(SocketClient::close);
        }
    }

    /** Joins a room and returns the answer: 201, or the 429 of a socket refused at sign-in. */
    private static int joinAnswer(SocketClient socket, Api.Room room) {
        try {
            socket.join(room.roomNumber());
        } catch (AssertionError closedAlready) {
            // a refused socket may be closed before the join goes out; its 429 came first
        }
        return socket.await(f -> f.getInt("code") == 201 || f.getInt("code") == 429).getInt("code");
    }

    @Test
    @Order(5)
    void anItemDeletedOnOneServerIsTakenBackFromTheMembersOfTheOther() {
        Api.Room room = cluster.api(0).stream(host, "delete");
        Peer sender = peer("delete-sender", 0, List.of(room));
        Peer watcher = peer("delete-watcher", 1, List.of(room));
        sender.sendNew(room, "doomed");
        sender.sendNew(room, "kept");
        Peer.await("both items on server 1", DELIVERED_WITHIN, () -> watcher.seqs(room).size() == 2);
        JsonObject doomed = watcher.socket().items().get(0);
        long id = doomed.getJsonNumber("id").longValue();
        cluster.api(0).delete("api/streams/" + room.id() + "/items/" + id, host.token()).expect(200);
        JsonObject deleted = watcher.socket().await(f -> f.getInt("code") == 210).getJsonObject("data");
        assertEquals(id, deleted.getJsonNumber("id").longValue(), "the deleted item told on server 1: " + deleted);
        assertEquals(1, deleted.getJsonNumber("seq").longValue());
        List<Integer> codes = codes(watcher);
        assertEquals(List.of(201, 200, 200, 210), codes, "what the member on server 1 received, in order");
        assertNoRefusals();
    }

    @Test
    @Order(6)
    void aMuteMadeOnOneServerRefusesTheNextMessageOnTheOther() {
        Api.Room room = cluster.api(0).stream(host, "mute");
        Peer viewer = cachingViewer("mute-viewer", room);
        cluster.api(0).put("api/streams/" + room.id() + "/mutes/" + viewer.guest.id(), host.token(),
                "{\"seconds\":600,\"reason\":\"calm down\"}").expect(200);
        JsonObject muted = viewer.socket().await(f -> f.getInt("code") == 211);
        assertEquals(viewer.guest.id(), muted.getJsonObject("data").getJsonNumber("user").longValue());
        viewer.sendNew(room, "after");
        JsonObject refused = viewer.socket().await(f -> f.getInt("code") == 403);
        assertTrue(refused.getString("msg").contains("muted"), refused.toString());
        assertEquals(1, viewer.acks().size(), "the muted viewer's message was stored");
    }

    @Test
    @Order(7)
    void aBanMadeOnOneServerTakesTheUserOutOfTheRoomOnTheOther() {
        Api.Room room = cluster.api(0).stream(host, "ban");
        Peer banned = cachingViewer("ban-viewer", room);
        Peer watcher = peer("ban-watcher", 1, List.of(room));
        Peer sender = peer("ban-sender", 0, List.of(room));
        cluster.api(0).put("api/streams/" + room.id() + "/bans/" + banned.guest.id(), host.token(),
                "{\"reason\":\"spam\"}").expect(200);
        JsonObject told = banned.socket().await(f -> f.getInt("code") == 212);
        assertTrue(told.getString("msg").contains("spam"), told.toString());
        // out of the room on server 1: the room's next item reaches the watcher there, not the banned socket
        sender.sendNew(room, "after the ban");
        Peer.await("the next item at the watcher", DELIVERED_WITHIN, () -> watcher.lastSeq(room) == 2);
        sender.sendNew(room, "and one more");
        Peer.await("one more item at the watcher", DELIVERED_WITHIN, () -> watcher.lastSeq(room) == 3);
        assertEquals(List.of(1L), banned.seqs(room), "items the banned socket received");
        assertTrue(banned.socket().isOpen(), "a ban takes the socket out of the room, it does not close it");
        banned.socket().join(room.roomNumber());
        JsonObject refused = banned.socket().await(f -> f.getInt("code") == 403);
        assertTrue(refused.getString("msg").contains("banned"), refused.toString());
    }

    @Test
    @Order(8)
    void theOnlineCountCountsTheUsersOnEveryServer() {
        Api.Room room = cluster.api(0).stream(host, "online");
        Peer here = peer("online-0", 0, List.of(room));
        Peer there = peer("online-1", 1, List.of(room));
        peer("online-2", 1, List.of(room));
        // one user with a socket on each server counts once
        Peer both = peer("online-both", 0, List.of(room));
        both.connect(cluster.server(1).socket());
        both.join(room);
        Peer.await("4 online on server 0", DELIVERED_WITHIN, () -> lastOnline(here) == 4);
        Peer.await("4 online on server 1", DELIVERED_WITHIN, () -> lastOnline(there) == 4);
        for (int server = 0; server < 2; server++) {
            assertEquals(4, cluster.api(server).get("api/streams/" + room.id(), host.token()).expect(200).data()
                    .getInt("online"), "online on server " + server);
        }
        there.close();
        Peer.await("3 online on server 0", DELIVERED_WITHIN, () -> lastOnline(here) == 3);
        assertEquals(3, cluster.api(0).get("api/streams/" + room.id(), host.token()).expect(200).data()
                .getInt("online"));
    }

    @Test
    @Order(9)
    void votesAndHighlightsMadeOnOneServerReachTheMembersOfTheOther() {
        Api.Room room = cluster.api(0).stream(host, "questions");
        Peer member = peer("questions-member", 1, List.of(room));
        Api.Guest asker = cluster.api(0).guest("questions-asker");
        long question = cluster.api(0).post("api/question/add", asker.token(), "{\"streamId\":\"" + room.id()
                + "\",\"content\":\"why?\"}").expect(200).data().getJsonNumber("id").longValue();
        cluster.api(0).put("api/question/" + question + "/vote", host.token(), null).expect(200);
        JsonObject votes = member.socket().await(f -> f.getInt("code") == 221
                && f.getJsonObject("data").getInt("votes") == 1).getJsonObject("data");
        assertEquals(question, votes.getJsonNumber("questionId").longValue());
        cluster.api(0).post("api/question/" + question + "/highlight", host.token(), "").expect(200);
        JsonObject highlight = member.socket().await(f -> f.getInt("code") == 222).getJsonObject("data");
        assertEquals(question, highlight.getJsonObject("question").getJsonNumber("id").longValue());
        // the question's event came behind its item, which came over the grid before it
        List<Integer> codes = codes(member);
        assertEquals(List.of(201, 200, 220, 221, 222), codes, "what the member on server 1 received, in order");
        assertNoRefusals();
    }

    @Test
    @Order(10)
    void aServerFrozenPastTheGridTimeoutRejoinsAndEveryMemberGetsEveryItemAndTheWholeOnlineCount() {
        Api.Room room = cluster.api(0).stream(host, "split");
        List<Peer> members = new ArrayList<>();
        for (int server = 0; server < 2; server++) {
            for (int i = 0; i < 2; i++) {
                members.add(peer("split-" + server + "-" + i, server, List.of(room)));
            }
        }
        Peer onLive = members.get(0);
        Peer onFrozen = members.get(2);
        Peer.await("4 online on both servers", DELIVERED_WITHIN, () -> lastOnline(onLive) == 4 && lastOnline(onFrozen) == 4);
        assertTrue(onLive.sendNew(room, "before"));
        Peer.await("the first item at every member", DELIVERED_WITHIN,
                () -> members.stream().allMatch(m -> m.lastSeq(room) == 1));

        cluster.server(1).freeze();
        try {
            Peer.await("server 0 giving server 1 up", SPLIT_WITHIN, () -> gridMembers(0) == 1);
            for (int m = 0; m < 5; m++) {
                assertTrue(onLive.sendNew(room, "live-side"), "server 0 would not take a message");
            }
            Peer.await("the acks on server 0", DELIVERED_WITHIN, () -> onLive.acks().size() == 6);
        } finally {
            cluster.server(1).thaw();
        }
        // server 1 runs again in a grid of its own: its members write there before the two grids merge
        for (int m = 0; m < 5; m++) {
            assertTrue(onFrozen.sendNew(room, "frozen-side"), "server 1 would not take a message");
        }
        Peer.await("the acks on server 1", DELIVERED_WITHIN, () -> onFrozen.acks().size() == 5);
        Instant thawed = Instant.now();
        Peer.await("one grid of two again", SPLIT_WITHIN, () -> gridMembers(0) == 2 && gridMembers(1) == 2);
        System.out.printf("[cluster] split: the grids merged %d s after server 1 ran again%n",
                Duration.between(thawed, Instant.now()).toSeconds());

        List<JsonObject> history = history(room);
        assertEquals(11, history.size(), "items stored on both sides of the split");
        List<Long> expected = LongStream.rangeClosed(1, history.size()).boxed().toList();
        for (Peer member : members) {
            Peer.await(member.name + " receiving every item", DELIVERED_WITHIN,
                    () -> member.seqs(room).size() >= expected.size());
            assertEquals(expected, member.seqs(room), member.name + " received");
        }
        Peer.await("4 online on both servers after the merge", DELIVERED_WITHIN,
                () -> lastOnline(onLive) == 4 && lastOnline(onFrozen) == 4);
        assertNoRefusals();
    }

    /** How many servers the server's data grid holds, as its readiness check reports it; -1 when it cannot tell. */
    private int gridMembers(int server) {
        try {
            JsonObject health = cluster.api(server).get("health/ready", null).json();
            JsonObject grid = health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                    .filter(c -> "data-grid".equals(c.getString("name"))).findFirst().orElseThrow();
            JsonValue members = grid.getJsonObject("data").get("members");
            // Payara's health endpoint writes every data value as a string
            return Integer.parseInt(members instanceof JsonString text ? text.getString() : members.toString());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Test
    @Order(11)
    void killingOneServerLosesNoAcknowledgedMessageAndItsMembersResumeOnTheOther() throws Exception {
        List<Api.Room> rooms = List.of(cluster.api(0).stream(host, "failover-a"), cluster.api(1).stream(host, "failover-b"));
        Map<Long, String> epochs = new HashMap<>();
        for (Api.Room room : rooms) {
            epochs.put(room.id(), cluster.api(1).get("api/streams/" + room.id(), host.token()).expect(200).data()
                    .getString("epoch"));
        }
        List<Peer> onKilled = new ArrayList<>();
        List<Peer> onSurvivor = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            onKilled.add(peer("failover-0-" + i, 0, rooms));
            onSurvivor.add(peer("failover-1-" + i, 1, rooms));
        }
        List<Peer> all = new ArrayList<>(onKilled);
        all.addAll(onSurvivor);
        int killAfter = 1200;
        int sendAfterKill = 400;
        var sentTotal = new AtomicInteger();
        var killed = new AtomicBoolean();
        var stop = new AtomicBoolean();
        threads = Executors.newFixedThreadPool(all.size());
        List<Future<?>> sending = new ArrayList<>();
        var reconnected = new AtomicInteger();
        Set<String> resent = ConcurrentHashMap.newKeySet();
        for (Peer peer : all) {
            boolean mustMove = onKilled.contains(peer);
            sending.add(threads.submit(() -> {
                int m = 0;
                boolean moved = false;
                while (!stop.get()) {
                    boolean went = peer.sendNew(rooms.get(m++ % 2), "failover");
                    sentTotal.incrementAndGet();
                    if (!went && mustMove && !moved) {
                        Peer.await("the kill", Duration.ofSeconds(30), killed::get);
                        // the server is gone: reconnect to the other, resume each room, send again what was not acked
                        peer.connect(cluster.server(1).socket());
                        for (Api.Room room : rooms) {
                            JsonObject joined = peer.resume(room, epochs.get(room.id()));
                            assertEquals(201, joined.getInt("code"), peer.name + " could not resume: " + joined);
                        }
                        List<Peer.Sent> pending = peer.unacknowledged();
                        pending.forEach(message -> resent.add(message.clientMsgId()));
                        pending.forEach(peer::send);
                        moved = true;
                        reconnected.incrementAndGet();
                    } else if (!went) {
                        throw new AssertionError(peer.name + " could not send on the surviving server");
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
                return null;
            }));
        }
        Peer.await(killAfter + " messages", Duration.ofSeconds(120), () -> sentTotal.get() >= killAfter);
        int exit = cluster.server(0).kill();
        Instant killedAt = Instant.now();
        killed.set(true);
        int sentAtKill = sentTotal.get();
        long ackedAtKill = all.stream().mapToLong(p -> p.acks().size()).sum();
        assertEquals(128 + 9, exit, "server 0 should have died of SIGKILL");
        Peer.await("every member of the killed server on the other", Duration.ofSeconds(60),
                () -> reconnected.get() == onKilled.size());
        Peer.await(sendAfterKill + " messages after the kill", Duration.ofSeconds(120),
                () -> sentTotal.get() >= sentAtKill + sendAfterKill);
        stop.set(true);
        for (Future<?> f : sending) {
            f.get(60, TimeUnit.SECONDS);
        }
        for (Peer peer : all) {
            settle(peer);
        }
        long sent = all.stream().mapToLong(p -> p.sent().size()).sum();
        Map<String, Long> acks = new HashMap<>();
        all.forEach(p -> acks.putAll(p.acks()));
        List<String> problems = new ArrayList<>();
        long found = 0;
        long duplicates = 0;
        for (Api.Room room : rooms) {
            List<JsonObject> history = history(room);
            Map<String, Integer> times = new HashMap<>();
            for (int i = 0; i < history.size(); i++) {
                JsonObject item = history.get(i);
                if (item.getJsonNumber("seq").longValue() != i + 1) {
                    problems.add("room " + room.roomNumber() + " has seq " + item.get("seq") + " at " + (i + 1));
                }
                String content = item.getString("content");
                String clientMsgId = content.substring(content.indexOf(':') + 1);
                times.merge(clientMsgId, 1, Integer::sum);
                Long acked = acks.get(clientMsgId);
                if (acked != null && acked != item.getJsonNumber("seq").longValue()) {
                    problems.add(clientMsgId + " acked as seq " + acked + " but stored at " + item.get("seq"));
                }
            }
            found += times.size();
            duplicates += times.values().stream().mapToInt(n -> n - 1).sum();
            List<Long> expected = LongStream.rangeClosed(1, history.size()).boxed().toList();
            for (Peer peer : all) {
                Peer.await(peer.name + " receiving room " + room.roomNumber(), DELIVERED_WITHIN,
                        () -> peer.lastSeq(room) >= expected.size());
                if (!expected.equals(peer.seqs(room))) {
                    problems.add(peer.name + " received room " + room.roomNumber() + " as " + describe(peer.seqs(room)));
                }
            }
        }
        Set<String> stored = new HashSet<>();
        long resentStoredBeforeKill = 0;
        for (Api.Room room : rooms) {
            for (JsonObject item : history(room)) {
                String clientMsgId = item.getString("content").substring(item.getString("content").indexOf(':') + 1);
                stored.add(clientMsgId);
                if (resent.contains(clientMsgId)
                        && OffsetDateTime.parse(item.getString("createdat")).toInstant().isBefore(killedAt)) {
                    resentStoredBeforeKill++;
                }
            }
        }
        long lostAcked = acks.keySet().stream().filter(id -> !stored.contains(id)).count();
        long lostSent = all.stream().flatMap(p -> p.sent().stream()).filter(m -> !stored.contains(m.clientMsgId())).count();
        System.out.printf("[failover] killed server 0 (exit %d) after %d messages sent, %d acked; %d members moved to "
                        + "server 1 and resumed%n", exit, sentAtKill, ackedAtKill, reconnected.get());
        System.out.printf("[failover] sent %d | acked %d | found in history %d | lost acked %d | sent but not stored "
                        + "%d | duplicates %d | rooms %s%n", sent, acks.size(), found, lostAcked, lostSent, duplicates,
                rooms.stream().map(r -> r.roomNumber() + "=" + history(r).size()).toList());
        System.out.printf("[failover] the moved members sent %d unacknowledged message(s) again; %d of them the killed "
                + "server had stored (acked now with their first seq, not stored twice)%n", resent.size(),
                resentStoredBeforeKill);
        problems.forEach(p -> System.out.println("[failover] PROBLEM " + p));
        assertTrue(problems.isEmpty(), problems.size() + " problem(s), first: " + (problems.isEmpty() ? "" : problems.get(0)));
        assertEquals(0, lostAcked, "acknowledged messages lost");
        assertEquals(0, duplicates, "messages stored twice");
        assertEquals(sent, acks.size(), "every message sent was acknowledged in the end");
        assertEquals(sent, found, "every message sent is in history");
    }

    @Test
    @Order(12)
    void theKilledServerStartedAgainOnItsRootDirectoryComesUpOnceAndRejoinsItsCluster() throws Exception {
        PayaraMicroProcess restarted = cluster.server(0);
        restarted.start(Duration.ofSeconds(180));
        String log = Files.readString(restarted.log(), StandardCharsets.UTF_8);
        // the root directory remembers the application: deployed again on top of that, it would start twice
        assertEquals(1, occurrences(log, "database schema at version"), "times the application started");
        for (String twice : List.of("No Pool Meta Data object associated with the pool", "WELD-000229",
                "Thread's context class loader is null")) {
            assertFalse(log.contains(twice), "the log says " + twice + "\n" + restarted.tail());
        }
        Peer.await("one grid of two again", SPLIT_WITHIN, () -> gridMembers(0) == 2 && gridMembers(1) == 2);
        Api.Room room = cluster.api(1).stream(host, "restarted");
        Peer onRestarted = peer("restarted-0", 0, List.of(room));
        Peer onOther = peer("restarted-1", 1, List.of(room));
        assertTrue(onRestarted.sendNew(room, "from the restarted server"));
        assertTrue(onOther.sendNew(room, "from the other"));
        for (Peer member : List.of(onRestarted, onOther)) {
            Peer.await(member.name + " receiving both items", DELIVERED_WITHIN, () -> member.seqs(room).size() >= 2);
            assertEquals(List.of(1L, 2L), member.seqs(room), member.name + " received");
        }
        Peer.await("2 online on the restarted server", DELIVERED_WITHIN, () -> lastOnline(onRestarted) == 2);
        assertNoRefusals();
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    /**
     * A viewer on server 1 whose first message is stored: server 1 has read the room's rules, and would keep them for
     * cache-seconds (600) but for word of a change over the grid.
     */
    private Peer cachingViewer(String name, Api.Room room) {
        Peer viewer = peer(name, 1, List.of(room));
        assertTrue(viewer.sendNew(room, "before"));
        Peer.await(name + "'s first message acked", DELIVERED_WITHIN, () -> viewer.acks().size() == 1);
        return viewer;
    }

    /** The count in the last online event (215) the peer's socket received; -1 before the first. */
    private static int lastOnline(Peer peer) {
        List<JsonObject> counts = peer.socket().frames().stream().filter(f -> f.getInt("code") == 215).toList();
        return counts.isEmpty() ? -1 : counts.get(counts.size() - 1).getJsonObject("data").getInt("online");
    }

    /** The codes of the frames the peer's socket received, without acks and online counts (which come any time). */
    private static List<Integer> codes(Peer peer) {
        return peer.socket().frames().stream().map(f -> f.getInt("code")).filter(c -> c != 202 && c != 215).toList();
    }

    private Peer peer(String name, int server, List<Api.Room> rooms) {
        var peer = new Peer(name, cluster.api(server).guest(name));
        peers.add(peer);
        peer.connect(cluster.server(server).socket());
        rooms.forEach(peer::join);
        return peer;
    }

    /**
     * Waits for the acks of what the peer sent; what stays unacknowledged (sent into the kill, or refused) is sent
     * again with the same clientMsgId, as a client does, and waited for once more.
     */
    private static void settle(Peer peer) {
        try {
            Peer.await(peer.name + "'s acks", Duration.ofSeconds(10), () -> peer.unacknowledged().isEmpty());
        } catch (AssertionError late) {
            List<Peer.Sent> pending = peer.unacknowledged();
            System.out.println("[failover] " + peer.name + " sends " + pending.size() + " unacknowledged message(s) again");
            pending.forEach(peer::send);
            Peer.await(peer.name + "'s acks after sending again", DELIVERED_WITHIN,
                    () -> peer.unacknowledged().isEmpty());
        }
    }

    private void assertNoRefusals() {
        for (Peer peer : peers) {
            assertEquals(List.of(), peer.refusals(), peer.name + " was refused");
        }
    }

    /** The room's whole history, oldest first, read by position from the surviving server 1. */
    private List<JsonObject> history(Api.Room room) {
        List<JsonObject> items = new ArrayList<>();
        while (true) {
            List<JsonObject> page = cluster.api(1).get("api/message/chatmsg?stream=" + room.id() + "&after="
                    + items.size() + "&limit=1000", host.token()).expect(200).data().getJsonArray("items")
                    .getValuesAs(JsonObject.class);
            items.addAll(page);
            if (page.size() < 1000) {
                return items;
            }
        }
    }

    /** A seq list in short: its runs, and where it steps back or skips. */
    private static String describe(List<Long> seqs) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < seqs.size(); i++) {
            if (i == 0 || seqs.get(i) != seqs.get(i - 1) + 1) {
                if (i > 0) {
                    text.append("..").append(seqs.get(i - 1)).append(", ");
                }
                text.append(seqs.get(i));
            }
        }
        if (!seqs.isEmpty()) {
            text.append("..").append(seqs.get(seqs.size() - 1));
        }
        return text.append("] (").append(seqs.size()).append(" items)").toString();
    }
}
