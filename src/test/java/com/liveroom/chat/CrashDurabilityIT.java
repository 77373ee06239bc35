package com.liveroom.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.liveroom.support.Api;
import com.liveroom.support.PayaraMicroProcess;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crash durability, end to end. The test runs Payara Micro itself, as a child process, so that it can kill it
 * with SIGKILL while clients are chatting, and start it again on the same data directory. It then checks what a
 * client was promised: a message the server acknowledged ({@code code:202}) survives the crash, with the id and
 * seq of its ack; and a client that resends what was not acknowledged, with the same {@code clientMsgId}, ends up
 * with every message it sent stored exactly once, each room's seq running 1..n without a gap.
 * <p>
 * The seed (printed) decides who is in which room, which room each message goes to, and after how many messages
 * the server is killed; {@code -Dliveroom.it.crashSeed=<seed>} repeats a run's choices (not its timing).
 */
class CrashDurabilityIT {

    private static final int PEERS = 8;
    private static final int ROOMS = 3;
    /**
     * Each peer sends a burst of messages per tick: 8 x 12 every 10 ms offers 9,600 messages a second, the rate the
     * writer is built for, so that the kill lands among full group commits.
     */
    private static final Duration TICK = Duration.ofMillis(10);
    private static final int BURST = 12;
    private static final int KILL_AFTER_AT_LEAST = 10_000;
    private static final int KILL_AFTER_AT_MOST = 20_000;
    private static final Duration START_WITHIN = Duration.ofSeconds(120);
    private static final int PAGE = 1000;

    private PayaraMicroProcess server;
    private Path workDir;
    private Path dataDir;
    private boolean passed;
    private ScheduledExecutorService traffic;
    private final List<ChatPeer> peers = new ArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException, IOException {
        if (traffic != null) {
            traffic.shutdownNow();
            traffic.awaitTermination(10, TimeUnit.SECONDS);
        }
        peers.forEach(ChatPeer::close);
        if (server != null) {
            server.close();
        }
        if (workDir != null) {
            // a failed run keeps its database and the logs; a passed one keeps the logs
            deleteTree(workDir, p -> p.getFileName().toString().startsWith("payaramicro-rt")
                    || p.getFileName().toString().endsWith(".war"));
        }
        if (passed && dataDir != null) {
            deleteTree(dataDir.getParent(), dataDir::equals);
        }
    }

    @Test
    void acknowledgedMessagesSurviveAKillAndResentOnesAreStoredOnce() throws Exception {
        Instant began = Instant.now();
        long seed = Long.getLong("liveroom.it.crashSeed", System.nanoTime());
        System.out.println("[crash] seed " + seed + " (repeat with -Dliveroom.it.crashSeed=" + seed + ")");
        Random random = new Random(seed);

        Path target = Path.of(System.getProperty("liveroom.it.tmpDir", "target")).toAbsolutePath();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        workDir = Files.createDirectories(target.resolve("crash-run-" + stamp));
        dataDir = Files.createDirectories(target.resolve("crash-data-" + stamp));
        // both server runs deploy the same bytes, whatever else rebuilds target/ meanwhile
        Path war = Files.copy(Path.of(required("liveroom.it.war")).toAbsolutePath(), workDir.resolve("liveroom.war"),
                StandardCopyOption.REPLACE_EXISTING);
        int port = PayaraMicroProcess.freePort();
        server = new PayaraMicroProcess(Path.of(required("payara.microJar")).toAbsolutePath(), war, workDir, dataDir,
                required("liveroom.it.tokenSecret"), port,
                // the per-user rate limit (5/s) is not under test here; a few thousand messages are
                List.of("-Dliveroom.limits.messages-per-second=10000", "-Dliveroom.limits.message-burst=10000"),
                List.of("--nocluster"));
        System.out.println("[crash] data " + dataDir + ", logs " + workDir);

        Duration firstStart = server.start(START_WITHIN);
        System.out.println("[crash] server 1 (pid " + server.pid() + ") answered after " + millis(firstStart) + " ms");
        var api = new Api(server.base().toURL());

        // a host, three streams, eight guests; each guest is in its own room and maybe in others
        Api.Guest host = api.guest("crash-host");
        List<Api.Room> rooms = new ArrayList<>();
        for (int r = 0; r < ROOMS; r++) {
            rooms.add(api.stream(host, "crash-room-" + r));
        }
        Map<String, String> epochs = new HashMap<>();
        for (Api.Room room : rooms) {
            epochs.put(room.roomNumber(), streamView(api, host, room).getString("epoch"));
        }
        Map<String, SentMessage> ledger = new ConcurrentHashMap<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String runId = Long.toString(seed & 0xffffffffL, 36);
        for (int p = 0; p < PEERS; p++) {
            List<Api.Room> joins = new ArrayList<>();
            for (int r = 0; r < ROOMS; r++) {
                if (r == p % ROOMS || random.nextInt(3) == 0) {
                    joins.add(rooms.get(r));
                }
            }
            peers.add(new ChatPeer(p, api.guest("crash-peer-" + p), joins, runId, random.nextLong(), ledger, http));
        }
        for (ChatPeer peer : peers) {
            peer.connect(server.socket(), 1);
        }
        await("the first joins", Duration.ofSeconds(20), peers.stream().map(ChatPeer::joinAll));

        // steady traffic, killed with SIGKILL after a random number of messages
        int killAfter = KILL_AFTER_AT_LEAST + random.nextInt(KILL_AFTER_AT_MOST - KILL_AFTER_AT_LEAST + 1);
        // shortly before the kill the clients stop hearing the server, so that some messages are surely stored
        // without their sender knowing: their resend must not store them again
        int deafFrom = killAfter - 200 - random.nextInt(1800);
        var ackLost = new CompletableFuture<Void>();
        var sentSoFar = new AtomicInteger();
        var killPoint = new CompletableFuture<Void>();
        traffic = Executors.newScheduledThreadPool(4);
        List<ScheduledFuture<?>> schedules = new ArrayList<>();
        Instant trafficBegan = Instant.now();
        for (ChatPeer peer : peers) {
            long offset = TICK.toNanos() * peer.index / PEERS;
            schedules.add(traffic.scheduleAtFixedRate(() -> {
                for (int b = 0; b < BURST; b++) {
                    peer.sendNext();
                    int count = sentSoFar.incrementAndGet();
                    if (count == deafFrom) {
                        peers.forEach(p -> p.loseIncomingFrames(ackLost));
                    }
                    if (count >= killAfter) {
                        killPoint.complete(null);
                    }
                }
            }, offset, TICK.toNanos(), TimeUnit.NANOSECONDS));
            schedules.add(traffic.scheduleAtFixedRate(peer::heartbeat, 5, 5, TimeUnit.SECONDS));
        }
        await("sending " + killAfter + " messages", Duration.ofSeconds(60), Stream.of(killPoint));
        await("an ack from the server after message " + deafFrom, Duration.ofSeconds(30), Stream.of(ackLost));
        int exit = server.kill();
        Duration trafficRan = Duration.between(trafficBegan, Instant.now());
        schedules.forEach(s -> s.cancel(false));
        traffic.shutdown();
        assertTrue(traffic.awaitTermination(30, TimeUnit.SECONDS), "the senders did not stop");
        assertEquals(128 + 9, exit, "the server should have died of SIGKILL");
        List<String> closedEarly = new ArrayList<>();
        peers.forEach(peer -> closedEarly.addAll(peer.refusals));
        peers.forEach(ChatPeer::abort);

        List<SentMessage> sent = peers.stream().flatMap(p -> p.sent().stream()).toList();
        Map<Integer, Long> users = new HashMap<>();
        peers.forEach(p -> users.put(p.index, p.guest.id()));
        long ackedBeforeKill = sent.stream().filter(m -> m.ackBeforeKill.get() != null).count();
        long[] latencies = sent.stream().filter(m -> m.ackBeforeKill.get() != null)
                .mapToLong(m -> (m.ackedBeforeKillAt - m.firstSentAt) / 1_000_000).sorted().toArray();
        System.out.printf("[crash] killed (exit %d) after %d ms of traffic: %d sent, %d acked, %d refused as busy, "
                        + "%d acks lost on the way from message %d on; send-to-ack ms p50 %d, p99 %d, max %d%n", exit,
                trafficRan.toMillis(), sent.size(), ackedBeforeKill, peers.stream().mapToInt(p -> p.busy.get()).sum(),
                peers.stream().mapToLong(p -> p.droppedAcks.get()).sum(), deafFrom,
                percentile(latencies, 50), percentile(latencies, 99), percentile(latencies, 100));

        // the same data, the same secret: the tokens the clients hold still verify
        Duration secondStart = server.start(START_WITHIN);
        System.out.println("[crash] server 2 (pid " + server.pid() + ") answered after " + millis(secondStart) + " ms");
        List<String> problems = new ArrayList<>();
        problems.addAll(closedEarly.stream().map(r -> "refused before the kill: " + r).toList());

        Map<Api.Room, List<JsonObject>> afterRestart = histories(api, host, rooms);
        Audit restarted = audit("after restart", afterRestart, sent, users, problems);
        for (Api.Room room : rooms) {
            JsonObject view = streamView(api, host, room);
            if (!epochs.get(room.roomNumber()).equals(view.getString("epoch"))) {
                problems.add("room " + room.roomNumber() + " changed its epoch across the restart: "
                        + epochs.get(room.roomNumber()) + " -> " + view.getString("epoch"));
            }
        }

        // reconnect, rejoin, and send again what the first server never acknowledged, as a client would
        for (ChatPeer peer : peers) {
            peer.connect(server.socket(), 2);
        }
        await("the joins after the restart", Duration.ofSeconds(20), peers.stream().map(ChatPeer::joinAll));
        Map<ChatPeer, List<SentMessage>> pending = new LinkedHashMap<>();
        peers.forEach(peer -> pending.put(peer, peer.unacknowledged()));
        List<SentMessage> resent = pending.values().stream().flatMap(List::stream).toList();
        Instant resendBegan = Instant.now();
        int rounds = resend(pending, problems);
        Duration resendTook = Duration.between(resendBegan, Instant.now());

        Map<Api.Room, List<JsonObject>> finalHistories = histories(api, host, rooms);
        Audit end = audit("after the resend", finalHistories, sent, users, problems);
        for (SentMessage message : sent) {
            if (end.occurrences(message) != 1) {
                problems.add("after the resend " + message.clientMsgId + " is in history " + end.occurrences(message)
                        + " times");
            }
            message.conflicts.forEach(problems::add);
        }
        // a message the first server stored but did not acknowledge is acked with its original id and seq
        for (SentMessage message : resent) {
            SentMessage.Ack ack = message.ackAfterRestart.getNow(null);
            JsonObject before = restarted.item(message);
            if (ack != null && before != null && !ack.equals(ackOf(before))) {
                problems.add("resent " + message.clientMsgId + " was stored as " + ackOf(before)
                        + " before the kill, but the resend was acked as " + ack);
            }
        }
        for (Api.Room room : rooms) {
            JsonObject view = streamView(api, host, room);
            long stored = finalHistories.get(room).size();
            if (view.getJsonNumber("lastSeq").longValue() != stored) {
                problems.add("room " + room.roomNumber() + " says lastSeq " + view.getJsonNumber("lastSeq")
                        + " but its history holds " + stored + " items");
            }
        }
        peers.forEach(peer -> peer.unexpected.forEach(u -> problems.add("peer " + peer.index + ": " + u)));
        peers.stream().flatMap(p -> p.refusals.stream().filter(r -> r.startsWith("run 2"))).distinct().limit(5)
                .forEach(r -> System.out.println("[crash] refused after the restart: " + r));

        long storedUnacked = sent.stream()
                .filter(m -> m.ackBeforeKill.get() == null && restarted.occurrences(m) > 0).count();
        long ackedAfterResend = resent.stream().filter(m -> m.ackAfterRestart.isDone()).count();
        System.out.printf("[crash] seed %d, %d peers, %d rooms, kill after %d messages%n", seed, PEERS, ROOMS, killAfter);
        System.out.printf("[crash] sent %d | acked before kill %d | found after restart %d "
                        + "(of which stored but not acked %d) | lost acked %d | duplicates after restart %d%n",
                sent.size(), ackedBeforeKill, restarted.found, storedUnacked, restarted.lostAcked, restarted.duplicates);
        System.out.printf("[crash] resent %d in %d round(s), acked %d in %d ms | in history at the end %d of %d "
                        + "| duplicates %d | lost acked %d | ack/history mismatches %d%n",
                resent.size(), rounds, ackedAfterResend, resendTook.toMillis(), end.found, sent.size(), end.duplicates,
                end.lostAcked, end.mismatches + restarted.mismatches);
        System.out.printf("[crash] per room (seq 1..n): %s; chat items received %d; failed sends %d%n",
                rooms.stream().map(r -> r.roomNumber() + "=" + finalHistories.get(r).size()).toList(),
                peers.stream().mapToLong(p -> p.chatItems.get()).sum(),
                peers.stream().mapToLong(p -> p.sendFailures.get()).sum());
        System.out.printf("[crash] timings: start %d ms, traffic %d ms, restart %d ms, whole test %d ms%n",
                firstStart.toMillis(), trafficRan.toMillis(), secondStart.toMillis(),
                Duration.between(began, Instant.now()).toMillis());

        if (!problems.isEmpty()) {
            problems.stream().limit(30).forEach(p -> System.out.println("[crash] PROBLEM " + p));
            fail(problems.size() + " problem(s), first: " + problems.get(0) + " (seed " + seed + ")");
        }
        assertTrue(storedUnacked > 0, "no message was stored without its ack: the resend tested no repeat");
        assertEquals(0, restarted.lostAcked);
        assertEquals(0, end.duplicates);
        assertEquals(sent.size(), end.found);
        assertTrue(sent.size() >= KILL_AFTER_AT_LEAST, "fewer messages than planned were sent");
        passed = true;
    }

    /**
     * Sends every pending message again, peer by peer in the order they were first sent, and waits for their acks.
     * Should some not be acked in time (a 503, a lost frame), sends those again, up to three rounds.
     */
    private int resend(Map<ChatPeer, List<SentMessage>> pending, List<String> problems) throws Exception {
        for (int round = 1; round <= 3; round++) {
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (var entry : pending.entrySet()) {
                for (SentMessage message : entry.getValue()) {
                    if (!message.ackAfterRestart.isDone()) {
                        entry.getKey().send(message);
                        acks.add(message.ackAfterRestart);
                    }
                }
            }
            if (acks.isEmpty()) {
                return round - 1;
            }
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
                return round;
            } catch (TimeoutException e) {
                long missing = acks.stream().filter(a -> !a.isDone()).count();
                System.out.println("[crash] round " + round + " of the resend: " + missing + " not acked in 15 s");
            }
        }
        pending.values().stream().flatMap(List::stream).filter(m -> !m.ackAfterRestart.isDone())
                .forEach(m -> problems.add("resent " + m.clientMsgId + " was never acked"));
        return 3;
    }

    /** What history says, checked against what the clients sent and were told. */
    private static final class Audit {
        final Map<String, List<JsonObject>> byClientMsgId = new HashMap<>();
        long found;
        long duplicates;
        long lostAcked;
        long mismatches;

        int occurrences(SentMessage message) {
            return byClientMsgId.getOrDefault(message.clientMsgId, List.of()).size();
        }

        JsonObject item(SentMessage message) {
            List<JsonObject> items = byClientMsgId.get(message.clientMsgId);
            return items == null ? null : items.get(0);
        }
    }

    private static Audit audit(String when, Map<Api.Room, List<JsonObject>> histories, Collection<SentMessage> sent,
                               Map<Integer, Long> users, List<String> problems) {
        var audit = new Audit();
        for (var entry : histories.entrySet()) {
            Api.Room room = entry.getKey();
            List<JsonObject> items = entry.getValue();
            for (int i = 0; i < items.size(); i++) {
                JsonObject item = items.get(i);
                long seq = item.getJsonNumber("seq").longValue();
                if (seq != i + 1) {
                    problems.add(when + ": room " + room.roomNumber() + " has seq " + seq + " at position " + (i + 1));
                }
                if (item.getJsonNumber("stream").longValue() != room.id()) {
                    problems.add(when + ": room " + room.roomNumber() + " shows an item of stream " + item.get("stream"));
                }
                String clientMsgId = SentMessage.clientMsgIdOf(item.getString("content"));
                if (clientMsgId == null) {
                    problems.add(when + ": an item nobody sent in room " + room.roomNumber() + ": " + item);
                    continue;
                }
                audit.byClientMsgId.computeIfAbsent(clientMsgId, k -> new ArrayList<>()).add(item);
            }
        }
        var known = new HashMap<String, SentMessage>();
        sent.forEach(m -> known.put(m.clientMsgId, m));
        for (var entry : audit.byClientMsgId.entrySet()) {
            SentMessage message = known.get(entry.getKey());
            List<JsonObject> items = entry.getValue();
            if (items.size() > 1) {
                audit.duplicates += items.size() - 1;
                problems.add(when + ": " + entry.getKey() + " is stored " + items.size() + " times: "
                        + items.stream().map(i -> ackOf(i).toString()).toList());
            }
            if (message == null) {
                problems.add(when + ": history holds " + entry.getKey() + ", which no client sent");
                continue;
            }
            audit.found++;
            for (JsonObject item : items) {
                if (item.getJsonNumber("stream").longValue() != message.room.id()) {
                    problems.add(when + ": " + message.clientMsgId + " went to room " + message.room.roomNumber()
                            + " but is stored in stream " + item.get("stream"));
                }
                if (item.getJsonNumber("user").longValue() != users.get(message.peer)) {
                    problems.add(when + ": " + message.clientMsgId + " is stored as user " + item.get("user"));
                }
            }
        }
        for (SentMessage message : sent) {
            SentMessage.Ack ack = message.ack();
            if (ack == null) {
                continue;
            }
            JsonObject item = audit.item(message);
            if (item == null) {
                if (message.ackBeforeKill.get() != null) {
                    audit.lostAcked++;
                }
                problems.add(when + ": " + message.clientMsgId + " was acked as " + ack + " but is not in history");
            } else if (!ack.equals(ackOf(item))) {
                audit.mismatches++;
                problems.add(when + ": " + message.clientMsgId + " was acked as " + ack + " but history shows "
                        + ackOf(item));
            }
        }
        return audit;
    }

    /** Every item of each room, oldest first, paged as the mini-program pages (page 1 is the newest). */
    private Map<Api.Room, List<JsonObject>> histories(Api api, Api.Guest reader, List<Api.Room> rooms) {
        Map<Api.Room, List<JsonObject>> histories = new LinkedHashMap<>();
        for (Api.Room room : rooms) {
            JsonObject first = api.history(reader, room, "&page=1&resultsPerPage=" + PAGE + "&type=");
            long total = first.getJsonNumber("total").longValue();
            List<JsonObject> items = new ArrayList<>(first.getJsonArray("items").getValuesAs(JsonObject.class));
            for (int page = 2; (long) (page - 1) * PAGE < total; page++) {
                items.addAll(api.history(reader, room, "&page=" + page + "&resultsPerPage=" + PAGE + "&type=")
                        .getJsonArray("items").getValuesAs(JsonObject.class));
            }
            items.sort(Comparator.comparingLong(i -> i.getJsonNumber("seq").longValue()));
            assertEquals(total, items.size(), "room " + room.roomNumber() + ": total and the items paged disagree");
            histories.put(room, items);
        }
        return histories;
    }

    private static SentMessage.Ack ackOf(JsonObject item) {
        return new SentMessage.Ack(item.getJsonNumber("id").longValue(), item.getJsonNumber("seq").longValue());
    }

    private static JsonObject streamView(Api api, Api.Guest reader, Api.Room room) {
        return api.get("api/streams/" + room.id(), reader.token()).expect(200).data();
    }

    private static void await(String what, Duration within, Stream<CompletableFuture<Void>> futures)
            throws Exception {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + within, e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (failsafe sets it from the pom)");
        }
        return value;
    }

    private static long percentile(long[] sorted, int percent) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)];
    }

    private static long millis(Duration duration) {
        return duration.toMillis();
    }

    /** Deletes the matching entries of a directory, with everything under them. */
    private static void deleteTree(Path dir, Predicate<Path> which) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.filter(which).toList()) {
                try (Stream<Path> tree = Files.walk(entry)) {
                    tree.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
