package com.liveroom.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Deployments;
import com.liveroom.support.Jsons;
import com.liveroom.support.SocketClient;
import com.liveroom.support.SystemTest;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A room's chat budget on the deployed server: the setting (who may change it, what it accepts), and a room that
 * talks faster than the budget: each viewer is given a sample of the viewers' messages and told exactly which seqs it
 * was not sent, while the host's messages, questions and a member's own messages all arrive, history keeps
 * everything, and a resume replays everything it asks for.
 */
class ChatBudgetIT extends SystemTest {

    private static final int BUDGET = 4;
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** One viewer sends faster than the shipped message limit allows: this test is about what the room delivers. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.liveroomWith(Map.of("liveroom.limits.messages-per-second", "100000",
                "liveroom.limits.message-burst", "100000"));
    }

    private Api api;
    private Guest host;
    private Room room;

    @BeforeEach
    void room() {
        api = new Api(base);
        host = api.guest("budget-host");
        room = api.stream(host, "budget");
    }

    private String settings() {
        return "api/streams/" + room.id() + "/settings";
    }

    private Api.Response change(Guest by, String body) {
        return api.put(settings(), by.token(), body);
    }

    @Test
    void theHostAndModeratorsSetTheBudgetWithinItsRangeAndEveryMemberIsTold() {
        Guest viewer = api.guest("budget-viewer");
        Guest mod = api.guest("budget-mod");
        api.put("api/streams/" + room.id() + "/moderators/" + mod.id(), host.token(), null).expect(200);
        assertEquals(0, api.get(settings(), viewer.token()).expect(200).data().getInt("chatBudget"),
                "the server's default: no limit");
        assertEquals(403, change(viewer, "{\"chatBudget\":5}").expectError(403).status());
        for (String bad : List.of("-1", "1001", "2.5", "\"5\"", "true", "99999999999999999999")) {
            change(host, "{\"chatBudget\":" + bad + "}").expectError(400);
        }
        try (var member = SocketClient.withHeader(api.socket(), viewer.token())) {
            member.joined(room.roomNumber());
            assertEquals(20, change(host, "{\"chatBudget\":20}").expect(200).data().getInt("chatBudget"));
            JsonObject told = member.await(f -> f.getInt("code") == 214);
            assertEquals(20, told.getJsonObject("data").getInt("chatBudget"));
            assertEquals(0, change(mod, "{\"chatBudget\":0}").expect(200).data().getInt("chatBudget"));
            member.await(f -> f.getInt("code") == 214 && f.getJsonObject("data").getInt("chatBudget") == 0);
        }
        assertEquals(0, api.get(settings(), viewer.token()).expect(200).data().getInt("chatBudget"));
        JsonObject audit = api.get("api/streams/" + room.id() + "/audit", host.token()).expect(200).data();
        assertEquals(2, audit.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(e -> e.getString("action").equals("room.chat-budget")).count());
    }

    @Test
    void aViewerOfAFastRoomIsGivenASampleAndToldExactlyWhatItWasNotSentWhileNothingEssentialIsShed()
            throws InterruptedException {
        Guest talker = api.guest("budget-talker");
        Guest reader = api.guest("budget-reader");
        change(host, "{\"chatBudget\":" + BUDGET + "}").expect(200);
        int viewerMessages = 120;
        int hostMessages = 6;
        long took;
        long firstSeq;
        try (var hostSocket = SocketClient.withHeader(api.socket(), host.token());
             var talking = SocketClient.withHeader(api.socket(), talker.token());
             var reading = SocketClient.withHeader(api.socket(), reader.token())) {
            hostSocket.joined(room.roomNumber());
            talking.joined(room.roomNumber());
            reading.joined(room.roomNumber());
            hostSocket.chat(room.roomNumber(), "welcome", "h-0");
            firstSeq = reading.awaitItem(i -> i.getString("content").equals("welcome")).getJsonNumber("seq").longValue();

            Instant began = Instant.now();
            // forty viewer messages a second, ten times the budget, and a host message every twenty
            CountDownLatch allSent = new CountDownLatch(viewerMessages);
            AtomicInteger sent = new AtomicInteger();
            ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
            try {
                sender.scheduleAtFixedRate(() -> {
                    int i = sent.incrementAndGet();
                    if (i > viewerMessages) {
                        return;
                    }
                    talking.chat(room.roomNumber(), "viewer " + i, "v-" + i);
                    if (i % 20 == 0) {
                        hostSocket.chat(room.roomNumber(), "host " + i / 20, "h-" + i / 20);
                    }
                    allSent.countDown();
                }, 0, 1000 / 40, TimeUnit.MILLISECONDS);
                assertTrue(allSent.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the paced messages were not all sent");
            } finally {
                sender.shutdownNow();
            }
            talking.await(f -> f.getInt("code") == 202
                    && f.getJsonObject("data").getString("clientMsgId").equals("v-" + viewerMessages), WAIT);
            took = Duration.between(began, Instant.now()).toMillis();
            assertEquals("UP", api.get("health/ready", null).expect(200).json().getString("status"), "ready while shedding");
            for (int h = 1; h <= hostMessages; h++) {
                String content = "host " + h;
                reading.awaitItem(i -> i.getString("content").equals(content), WAIT);
            }
            long lastSeq = firstSeq + viewerMessages + hostMessages;
            // everything is accounted for once the last notice came (at most one a second)
            reading.await(f -> accounted(reading, firstSeq, lastSeq), WAIT);

            List<JsonObject> items = reading.items();
            Set<Long> received = new HashSet<>();
            items.forEach(i -> received.add(i.getJsonNumber("seq").longValue()));
            long viewerReceived = items.stream().filter(i -> i.getString("content").startsWith("viewer ")).count();
            long allowed = (long) Math.ceil(BUDGET * 1.1 * (took / 1000.0 + 1));
            assertTrue(viewerReceived <= allowed, viewerReceived + " viewer messages in " + took + " ms, budget "
                    + BUDGET + " a second: " + items.stream().map(i -> i.getString("content")).toList() + " "
                    + notices(reading));
            assertTrue(viewerReceived > 0, "a sample, not nothing");
            List<Long> order = items.stream().map(i -> i.getJsonNumber("seq").longValue()).toList();
            assertEquals(order.stream().sorted().toList(), order, "in seq order");
            for (JsonObject notice : notices(reading)) {
                long from = notice.getJsonNumber("from").longValue();
                long to = notice.getJsonNumber("to").longValue();
                assertEquals(LongStream.rangeClosed(from, to).filter(s -> !received.contains(s)).count(),
                        notice.getInt("skipped"), "exactly the seqs of " + notice + " it was not sent");
                assertEquals(room.roomNumber(), notice.getString("topic"));
            }

            talking.awaitCount(f -> f.getInt("code") == 200
                    && Jsons.parse(f.getString("data")).getString("content").startsWith("viewer "), viewerMessages);
            assertEquals(viewerMessages, talking.items().stream()
                    .filter(i -> i.getString("content").startsWith("viewer ")).count(), "a member's own messages, all");

            assertEquals(viewerMessages + hostMessages + 1, api.total(reader, room), "history holds every message");
            try (var resuming = SocketClient.withHeader(api.socket(), reader.token())) {
                resuming.resume(room.roomNumber(), firstSeq, items.get(0).getString("epoch"));
                JsonObject joined = resuming.await(f -> f.getInt("code") == 201, WAIT);
                assertEquals(viewerMessages + hostMessages, joined.getJsonObject("data").getInt("replayed"),
                        "a resume replays every item it asks for");
                assertEquals(viewerMessages + hostMessages, resuming.items().size());
            }
            // while the room is open here: the shed messages and the budget in force on /metrics (counted once a second)
            String here = "room=\"" + room.id() + "\"";
            String metrics = awaitMetrics(m -> sample(m, "liveroom_delivery_shed_total", here, "class=\"chat\"") > 0);
            assertEquals(0, sample(metrics, "liveroom_delivery_shed_total", here, "class=\"essential\""));
            assertEquals(BUDGET, sample(metrics, "liveroom_chat_budget", here, "mp_scope=\"application\""));
        }
    }

    /** Polls /metrics until it shows what is wanted: metrics are read when asked for, never announced. */
    private String awaitMetrics(Predicate<String> wanted) {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            String metrics = api.get("metrics?scope=application", null).expect(200).body();
            if (wanted.test(metrics)) {
                return metrics;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("/metrics never showed it:\n" + metrics);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    /** The value of the sample with both labels, 0 when there is none. */
    private static double sample(String metrics, String name, String label, String other) {
        return metrics.lines().filter(l -> l.startsWith(name + "{") && l.contains(label) && l.contains(other))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    /** Whether every seq from {@code first} to {@code last} was received or named in a notice. */
    private static boolean accounted(SocketClient reading, long first, long last) {
        Set<Long> seen = new HashSet<>();
        reading.items().forEach(i -> seen.add(i.getJsonNumber("seq").longValue()));
        long skipped = notices(reading).stream().mapToLong(n -> n.getInt("skipped")).sum();
        return seen.stream().filter(s -> s >= first && s <= last).count() + skipped >= last - first + 1;
    }

    private static List<JsonObject> notices(SocketClient socket) {
        List<JsonObject> notices = new ArrayList<>();
        for (JsonObject frame : socket.frames()) {
            if (frame.getInt("code") == 230) {
                notices.add(frame.getJsonObject("data"));
            }
        }
        return notices;
    }
}
