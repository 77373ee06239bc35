package com.liveroom.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.MetricsText;
import com.liveroom.support.Migrations;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What an operator reads from a running server: /health, /metrics and /openapi. */
class OperationsIT extends ShippedWarTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern DOCUMENTED_CALL = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) (/api/[^`?\\s]*)");

    @Test
    void healthReportsTheChatWriterTheDatabaseAndTheDataGrid() {
        var api = new Api(base);
        JsonObject live = api.get("health/live", null).expect(200).json();
        assertEquals("UP", live.getString("status"));
        assertEquals("UP", check(live, "chat-writer").getString("status"));

        JsonObject ready = api.get("health/ready", null).expect(200).json();
        assertEquals("UP", ready.getString("status"));
        JsonObject database = check(ready, "database");
        assertEquals("UP", database.getString("status"));
        assertEquals("H2", database.getJsonObject("data").getString("product"));
        assertEquals(Migrations.newest("h2"), database.getJsonObject("data").getString("schemaVersion"));
        JsonObject grid = check(ready, "data-grid");
        assertEquals("UP", grid.getString("status"));
        assertTrue(grid.getJsonObject("data").getString("clustering").startsWith("off (--nocluster)"),
                "the tests run Payara Micro with --nocluster: " + grid);

        JsonObject all = api.get("health", null).expect(200).json();
        for (String name : List.of("chat-writer", "database", "data-grid")) {
            assertEquals("UP", check(all, name).getString("status"));
        }
    }

    @Test
    void metricsFollowSocketsRoomsItemsFramesAndCommits() {
        var api = new Api(base);
        String before = metrics(api);
        double sockets = MetricsText.value(before, "liveroom_connections");
        double rooms = MetricsText.value(before, "liveroom_rooms_active");
        double items = MetricsText.value(before, "liveroom_items_committed_total");
        double frames = MetricsText.value(before, "liveroom_frames_sent_total");
        double commits = MetricsText.value(before, "liveroom_commit_seconds_count");
        double batches = MetricsText.value(before, "liveroom_commit_batch_size_count");
        MetricsText.value(before, "liveroom_writer_queue_depth");
        MetricsText.value(before, "liveroom_slow_consumer_closes_total");

        Guest host = api.guest("metrics-host");
        Guest ann = api.guest("metrics-ann");
        Room room = api.stream(host, "metrics");
        try (var a = SocketClient.withHeader(api.socket(), ann.token());
             var h = SocketClient.withHeader(api.socket(), host.token())) {
            a.joined(room.roomNumber());
            h.joined(room.roomNumber());
            awaitMetric(api, "liveroom_connections", v -> v == sockets + 2);
            awaitMetric(api, "liveroom_rooms_active", v -> v == rooms + 1);

            for (int i = 1; i <= 3; i++) {
                a.chat(room.roomNumber(), "counted " + i, "metrics-" + i);
            }
            a.awaitCount(f -> f.getInt("code") == 202, 3);
            h.awaitCount(f -> f.getInt("code") == 200, 3);

            String after = metrics(api);
            assertEquals(items + 3, MetricsText.value(after, "liveroom_items_committed_total"),
                    "three messages, three items committed");
            assertTrue(MetricsText.value(after, "liveroom_commit_seconds_count") >= commits + 1);
            assertTrue(MetricsText.value(after, "liveroom_commit_batch_size_count") >= batches + 1);
            assertTrue(MetricsText.value(after, "liveroom_commit_seconds_sum") > 0, "commits take time");
            // 2 joined, 3 echoes, 3 acks, 3 items to the host; a frame is counted once written
            awaitMetric(api, "liveroom_frames_sent_total", v -> v >= frames + 11);
            System.out.printf(Locale.ROOT, "[metrics] commit latency mean %s s, max %s s over %s group commits%n",
                    MetricsText.value(after, "liveroom_commit_seconds_mean"), MetricsText.value(after, "liveroom_commit_seconds_max"),
                    MetricsText.value(after, "liveroom_commit_seconds_count"));
        }
        awaitMetric(api, "liveroom_connections", v -> v == sockets);
        awaitMetric(api, "liveroom_rooms_active", v -> v == rooms);
    }

    @Test
    void countersOfRareEventsAreOnMetricsFromTheStart() {
        String text = metrics(new Api(base));
        // these count events a healthy server may never see: an operator's alert needs the series before the first
        MetricsText.value(text, "liveroom_gap_fills_total");
        for (String reason : List.of("message-rate", "question-rate", "connections-per-user", "handshake-rate",
                "room-closed", "banned", "muted", "slow-mode", "blocked-term")) {
            assertTrue(Pattern.compile("(?m)^liveroom_refusals_total\\{[^}]*reason=\"" + reason + "\"[^}]*\\} ")
                    .matcher(text).find(), "no liveroom_refusals_total for reason " + reason);
        }
    }

    @Test
    void openApiDescribesEveryRestCallOfTheProtocolAndNoOther() throws IOException {
        String protocol = Files.readString(Path.of("docs", "protocol.md"), StandardCharsets.UTF_8);
        Set<String> documented = new TreeSet<>();
        Matcher call = DOCUMENTED_CALL.matcher(protocol);
        while (call.find()) {
            documented.add(call.group(1).toLowerCase(Locale.ROOT) + " " + call.group(2));
        }
        assertFalse(documented.isEmpty(), "no REST call found in docs/protocol.md");

        var api = new Api(base);
        JsonObject openApi = api.get("openapi?format=JSON", null).expect(200).json();
        JsonObject responses = openApi.getJsonObject("components").getJsonObject("responses");
        JsonObject apiError = openApi.getJsonObject("components").getJsonObject("schemas").getJsonObject("ApiError");
        assertTrue(apiError != null && apiError.getJsonObject("properties").keySet().containsAll(List.of("code", "msg")),
                "the ApiError schema is {code, msg}");
        Set<String> described = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (var path : openApi.getJsonObject("paths").entrySet()) {
            for (var operation : path.getValue().asJsonObject().entrySet()) {
                if (!HTTP_METHODS.contains(operation.getKey())) {
                    continue;
                }
                String name = operation.getKey() + " " + path.getKey();
                described.add(name);
                JsonObject op = operation.getValue().asJsonObject();
                if (op.getString("summary", "").isBlank()) {
                    problems.add(name + " has no summary");
                }
                JsonObject codes = op.getJsonObject("responses");
                if (codes == null || !codes.containsKey("200")) {
                    problems.add(name + " does not describe its 200 answer");
                    continue;
                }
                codes.entrySet().stream().filter(c -> !c.getKey().equals("200"))
                        .filter(c -> !isApiError(c.getValue().asJsonObject(), responses))
                        .forEach(c -> problems.add(name + " " + c.getKey() + " is not described as {code, msg}"));
            }
        }
        assertEquals(documented, described, "the REST calls of docs/protocol.md and of /openapi differ");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** An error answer, either one of the shared responses or its own, whose body is the ApiError schema. */
    private static boolean isApiError(JsonObject response, JsonObject shared) {
        if (response.containsKey("$ref")) {
            String ref = response.getString("$ref");
            JsonObject target = shared.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
            return target != null && isApiError(target, shared);
        }
        JsonObject content = response.getJsonObject("content");
        if (content == null || !content.containsKey("application/json")) {
            return false;
        }
        JsonObject schema = content.getJsonObject("application/json").getJsonObject("schema");
        if (schema.containsKey("$ref")) {
            return schema.getString("$ref").endsWith("/ApiError");
        }
        JsonObject properties = schema.getJsonObject("properties");
        return properties != null && properties.containsKey("code") && properties.containsKey("msg");
    }

    private static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> name.equals(c.getString("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no health check " + name + " in " + health));
    }

    private static String metrics(Api api) {
        return api.get("metrics?scope=application", null).expect(200).body();
    }

    /** Polls /metrics until the value fits: metrics are read when asked for, never announced. */
    private static void awaitMetric(Api api, String name, DoublePredicate wanted) {
        Instant deadline = Instant.now().plus(WAIT);
        double last;
        do {
            last = MetricsText.value(metrics(api), name);
            if (wanted.test(last)) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError(name + " did not reach the expected value within " + WAIT + "; last " + last);
    }
}
