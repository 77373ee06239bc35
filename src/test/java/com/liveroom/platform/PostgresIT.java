package com.liveroom.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.MetricsText;
import com.liveroom.support.Migrations;
import com.liveroom.support.PayaraMicroProcess;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Liveroom on PostgreSQL, run the way an operator runs it: Payara Micro as a child process with
 * {@code -Dliveroom.db.url=jdbc:postgresql://...}, each test on a database of its own on the build's throwaway
 * PostgreSQL. There is no skipping: without PostgreSQL the build fails before these tests run.
 */
class PostgresIT {

    private static final Duration START_WITHIN = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int LOAD = 200;
    /** How long a read may take to be refused while the database is known to be down, or served once it is back. */
    private static final Duration FAST = Duration.ofSeconds(1);

    private final TestDatabases databases = TestDatabases.fromSystemProperties();
    private final List<PayaraMicroProcess> servers = new ArrayList<>();
    private Path workDir;

    @BeforeEach
    void workDirectory() throws IOException {
        Path target = Path.of(System.getProperty("liveroom.it.tmpDir", "target")).toAbsolutePath();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        workDir = Files.createDirectories(target.resolve("pg-run-" + stamp));
    }

    @AfterEach
    void stopEverything() throws SQLException, IOException {
        servers.forEach(PayaraMicroProcess::close);
        databases.close();
        // the servers' logs stay; their unpacked runtimes (a hundred megabytes each) go
        try (Stream<Path> runtimes = Files.list(workDir)) {
            for (Path runtime : runtimes.filter(p -> p.getFileName().toString().startsWith("payaramicro-rt")).toList()) {
                try (Stream<Path> tree = Files.walk(runtime)) {
                    for (Path file : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
    }

    @Test
    void anEmptyDatabaseIsMigratedToTheNewestSchemaAtStartup() throws Exception {
        String database = databases.create();
        try (Connection connection = databases.connect(database)) {
            assertFalse(tableExists(connection, "flyway_schema_history"), "the database should start empty");
        }

        PayaraMicroProcess server = server(database);
        Duration took = server.start(START_WITHIN);
        System.out.println("[postgres] an empty database: the server answered after " + took.toMillis() + " ms");

        String newest = Migrations.newest("postgresql");
        try (Connection connection = databases.connect(database)) {
            assertEquals(newest, schemaVersion(connection));
            for (String table : List.of("users", "streams", "questions", "chat_items")) {
                assertTrue(tableExists(connection, table), "table " + table + " should exist");
            }
        }
        JsonObject ready = health(server, "health/ready", 200);
        JsonObject db = check(ready, "database");
        assertEquals("UP", db.getString("status"));
        assertEquals("PostgreSQL", db.getJsonObject("data").getString("product"));
        assertEquals(newest, db.getJsonObject("data").getString("schemaVersion"));
    }

    @Test
    void aDatabaseOfAnOlderVersionIsMigratedAndItsRowsAreServedByHistory() throws Exception {
        String database = databases.create();
        Flyway.configure()
                .dataSource(databases.url(database), TestDatabases.USER, TestDatabases.PASSWORD)
                .locations("classpath:db/migration")
                .target("2")
                .load()
                .migrate();
        OldRoom old;
        try (Connection connection = databases.connect(database)) {
            assertEquals("2", schemaVersion(connection));
            old = storeTheOldWay(connection, 3);
        }

        PayaraMicroProcess server = server(database);
        Duration took = server.start(START_WITHIN);
        System.out.println("[postgres] a V2 database: the server answered after " + took.toMillis() + " ms");
        try (Connection connection = databases.connect(database)) {
            assertEquals(Migrations.newest("postgresql"), schemaVersion(connection));
        }

        var api = new Api(server.base().toURL());
        Guest reader = api.guest("reader");
        Room room = new Room(old.streamId, old.roomNumber, "Old Org", null);
        JsonObject view = api.get("api/streams/" + old.streamId, null).expect(200).data();
        assertEquals(old.roomNumber, view.getString("roomNumber"));
        assertEquals(old.epoch, view.getString("epoch"));
        assertEquals(3, view.getJsonNumber("lastSeq").longValue());

        JsonObject page = api.history(reader, room, "&page=1&resultsPerPage=20&type=");
        assertEquals(3, page.getJsonNumber("total").longValue());
        JsonArray items = page.getJsonArray("items");
        assertEquals(3, items.size());
        for (int i = 0; i < 3; i++) {
            JsonObject item = items.getJsonObject(i);
            assertEquals(i + 1, item.getJsonNumber("seq").longValue());
            assertEquals("stored before the upgrade " + (i + 1), item.getString("content"));
            assertEquals("message", item.getString("type"));
            assertEquals("Old Host", item.getString("displayName"));
            assertEquals(old.epoch, item.getString("epoch"));
            // the offset is the configured zone's, whatever the database session's zone
            OffsetDateTime at = OffsetDateTime.parse(item.getString("createdat"));
            assertEquals(old.createdAt.plusSeconds(i), at.toInstant());
        }

        // the room goes on where the old rows ended
        try (var socket = SocketClient.withHeader(server.socket(), reader.token())) {
            socket.joined(old.roomNumber);
            socket.chat(old.roomNumber, "after the upgrade", "upgrade-1");
            JsonObject item = socket.awaitItem(i -> i.getString("content").equals("after the upgrade"));
            assertEquals(4, item.getJsonNumber("seq").longValue());
        }
    }

    /**
     * Also the one server of these tests with its data grid clustered (TCP/IP discovery, a member list of one),
     * as in production, and the place where the group commit is timed under a little load.
     */
    @Test
    void aChatMessageIsAcknowledgedOnlyOnceCommittedAndServedByHistory() throws Exception {
        String database = databases.create();
        // an operator's default that would let a commit return before the WAL is on disk
        databases.admin("ALTER DATABASE " + database + " SET synchronous_commit = off");
        try (Connection connection = databases.connect(database)) {
            assertEquals("off", setting(connection, "synchronous_commit"), "the database default should now be off");
        }

        int gridPort = PayaraMicroProcess.freePort();
        PayaraMicroProcess server = server(database,
                // the per-user rate limit is not under test; the load below is
                List.of("-Dliveroom.limits.messages-per-second=10000", "-Dliveroom.limits.message-burst=10000"),
                List.of("--clustermode", "tcpip:127.0.0.1:" + gridPort, "--startport", Integer.toString(gridPort),
                        "--clustername", "liveroom-it-" + gridPort, "--interfaces", "127.0.0.1"));
        server.start(START_WITHIN);
        JsonObject ready = health(server, "health/ready", 200);
        JsonObject db = check(ready, "database");
        assertEquals("on", db.getJsonObject("data").getString("synchronousCommit"),
                "the server's own sessions must commit synchronously: " + db);
        JsonObject grid = check(ready, "data-grid").getJsonObject("data");
        assertEquals("on", grid.getString("clustering"), "clustered with --clustermode tcpip: " + grid);
        assertEquals("1", grid.getString("members"));

        var api = new Api(server.base().toURL());
        Guest host = api.guest("pg-host");
        Guest ann = api.guest("pg-ann");
        Room room = api.stream(host, "pg-room");
        try (var a = SocketClient.withHeader(server.socket(), ann.token());
             var h = SocketClient.withQuery(server.socket(), host.token());
             Connection reader = databases.connect(database)) {
            a.joined(room.roomNumber());
            h.joined(room.roomNumber());
            a.chat(room.roomNumber(), "stored in PostgreSQL", "pg-1");
            JsonObject ack = a.await(f -> f.getInt("code") == 202).getJsonObject("data");
            long id = ack.getJsonNumber("id").longValue();
            long seq = ack.getJsonNumber("seq").longValue();
            // the ack came: another session sees the row at once
            try (PreparedStatement query = reader.prepareStatement(
                    "SELECT seq, content, user_id, client_msg_id FROM chat_items WHERE id = ?")) {
                query.setLong(1, id);
                try (ResultSet row = query.executeQuery()) {
                    assertTrue(row.next(), "the acknowledged message " + id + " is not in the database");
                    assertEquals(seq, row.getLong("seq"));
                    assertEquals("stored in PostgreSQL", row.getString("content"));
                    assertEquals(ann.id(), row.getLong("user_id"));
                    assertEquals("pg-1", row.getString("client_msg_id"));
                }
            }
            JsonObject seenByHost = h.awaitItem(i -> i.getString("content").equals("stored in PostgreSQL"));
            assertEquals(id, seenByHost.getJsonNumber("id").longValue());
            assertEquals(seq, seenByHost.getJsonNumber("seq").longValue());
            JsonArray items = api.history(host, room, "&after=0&limit=10").getJsonArray("items");
            assertEquals(1, items.size());
            assertEquals("stored in PostgreSQL", items.getJsonObject(0).getString("content"));

            // a little load from both sockets, every message acknowledged, then the group commit's figures
            for (int i = 1; i <= LOAD; i++) {
                a.chat(room.roomNumber(), "load " + i, "a-" + i);
                h.chat(room.roomNumber(), "load " + i, "h-" + i);
            }
            a.awaitCount(f -> f.getInt("code") == 202, LOAD + 1);
            h.awaitCount(f -> f.getInt("code") == 202, LOAD);
        }
        assertEquals(2 * LOAD + 1, api.total(host, room));
        String metrics = api.get("metrics?scope=application", null).expect(200).body();
        assertEquals(2 * LOAD + 1, MetricsText.value(metrics, "liveroom_items_committed_total"));
        System.out.printf(Locale.ROOT, "[postgres] %d messages from 2 sockets: %.0f group commits of %.1f posts on"
                        + " average; commit seconds mean %.4f, p50 %.4f, p99 %.4f, max %.4f%n", 2 * LOAD + 1,
                MetricsText.value(metrics, "liveroom_commit_seconds_count"),
                MetricsText.value(metrics, "liveroom_commit_batch_size_mean"),
                MetricsText.value(metrics, "liveroom_commit_seconds_mean"),
                // Payara 6.2025.10 scales a timer's mean, max and sum to seconds but leaves its quantiles in ns
                MetricsText.quantile(metrics, "liveroom_commit_seconds", "0.5") / 1e9,
                MetricsText.quantile(metrics, "liveroom_commit_seconds", "0.99") / 1e9,
                MetricsText.value(metrics, "liveroom_commit_seconds_max"));
    }

    @Test
    void readinessGoesDownWhileTheDatabaseRefusesConnectionsAndComesBackWithIt() throws Exception {
        String database = databases.create();
        PayaraMicroProcess server = server(database);
        server.start(START_WITHIN);
        health(server, "health/ready", 200);

        databases.admin("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS false");
        databases.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
        JsonObject down = awaitHealth(server, "health/ready", 503, "the readiness check to fail");
        assertEquals("DOWN", check(down, "database").getString("status"));
        assertEquals("UP", check(down, "data-grid").getString("status"));
        JsonObject live = health(server, "health/live", 200);
        assertEquals("UP", check(live, "chat-writer").getString("status"),
                "a lost database is no reason to restart the server");

        databases.admin("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS true");
        JsonObject up = awaitHealth(server, "health/ready", 200, "the readiness check to pass again");
        assertEquals("UP", check(up, "database").getString("status"));
        var api = new Api(server.base().toURL());
        api.stream(api.guest("back"), "back");
    }

    @Test
    void whileTheDatabaseIsDownReadsAndJoinsAreRefusedAt503AtOnceAndServedAgainAsSoonAsItIsBack() throws Exception {
        Outage outage = roomOnItsOwnDatabase("outage");
        PayaraMicroProcess server = outage.server();
        Api api = outage.api();
        Guest host = outage.host();
        Room room = outage.room();
        List<String> reads = List.of("api/message/chatmsg?stream=" + room.id(), "api/question?stream=" + room.id(),
                "api/streams/" + room.id());
        for (String read : reads) {
            api.get(read, host.token()).expect(200);
        }

        outage.begin();
        awaitHealth(server, "health/ready", 503, "the readiness check to see the database gone");
        for (int round = 0; round < 2; round++) {
            for (String read : reads) {
                Instant asked = Instant.now();
                Api.Response refused = api.get(read, host.token());
                Duration took = Duration.between(asked, Instant.now());
                refused.expectError(503);
                assertTrue(took.compareTo(FAST) <= 0, read + " took " + took.toMillis() + " ms to be refused");
            }
            try (SocketClient socket = SocketClient.withHeader(server.socket(), host.token())) {
                Instant asked = Instant.now();
                socket.join(room.roomNumber());
                JsonObject refused = socket.await(f -> f.getInt("code") >= 400, FAST.plusSeconds(2));
                Duration took = Duration.between(asked, Instant.now());
                assertEquals(503, refused.getInt("code"), "the join was answered " + refused);
                assertTrue(took.compareTo(FAST) <= 0, "the join took " + took.toMillis() + " ms to be refused");
            }
        }

        outage.end();
        // no waiting for readiness: the first read after the database is back is served, and quickly
        for (String read : reads) {
            Instant asked = Instant.now();
            api.get(read, host.token()).expect(200);
            Duration took = Duration.between(asked, Instant.now());
            assertTrue(took.compareTo(FAST) <= 0, read + " took " + took.toMillis() + " ms once the database was back");
        }
        try (SocketClient socket = SocketClient.withHeader(server.socket(), host.token())) {
            socket.joined(room.roomNumber());
        }
    }

    @Test
    void whileTheDatabaseIsDownChatMessagesAreRefusedAt503NamingThemAndTakenAgainOnceItIsBack() throws Exception {
        Outage outage = roomOnItsOwnDatabase("writer outage");
        Api api = outage.api();
        Guest host = outage.host();
        Room room = outage.room();
        try (SocketClient member = SocketClient.withHeader(outage.server().socket(), host.token())) {
            member.joined(room.roomNumber());
            member.chat(room.roomNumber(), "before", "before");
            member.await(f -> f.getInt("code") == 202);

            Instant cutOff = Instant.now();
            outage.begin();
            List<Long> refusedAfter = new ArrayList<>();
            for (String clientMsgId : List.of("during-1", "during-2", "during-3")) {
                Instant sent = Instant.now();
                member.chat(room.roomNumber(), clientMsgId, clientMsgId);
                JsonObject refused = member.await(f -> f.getInt("code") >= 400
                        && f.get("data") instanceof JsonObject data && clientMsgId.equals(data.getString("clientMsgId", null)),
                        FAST.plusSeconds(5));
                Duration took = Duration.between(sent, Instant.now());
                assertEquals(503, refused.getInt("code"), "a message while the database is down: " + refused);
                assertTrue(took.compareTo(FAST) <= 0, clientMsgId + " took " + took.toMillis() + " ms to be refused");
                refusedAfter.add(took.toMillis());
            }
            Duration toFirstRefusal = Duration.between(cutOff, Instant.now()).minusMillis(
                    refusedAfter.get(1) + refusedAfter.get(2));

            Instant back = Instant.now();
            outage.end();
            // the writer probes the database twice a second: the client's resend is taken as soon as it answers
            JsonObject ack = member.chatUntilAcked(room.roomNumber(), "during-1", "during-1", 503, Duration.ofSeconds(10));
            assertEquals(2, ack.getJsonObject("data").getJsonNumber("seq").longValue(),
                    "nothing was stored while the database was down");
            assertEquals(2, api.total(host, room));
            // the outage's timeline, as the operator's note quotes it
            System.out.printf("[outage] database cut off -> first message refused %d ms later (each send to its 503: %s ms);"
                    + " database back -> the resend acked %d ms later%n", toFirstRefusal.toMillis(), refusedAfter,
                    Duration.between(back, Instant.now()).toMillis());
        }
    }

    /** A server on a database of its own, a host and a room, ready for that database to go away and come back. */
    private Outage roomOnItsOwnDatabase(String title) throws Exception {
        String database = databases.create();
        PayaraMicroProcess server = server(database);
        server.start(START_WITHIN);
        var api = new Api(server.base().toURL());
        Guest host = api.guest("outage-host");
        return new Outage(databases, database, server, api, host, api.stream(host, title));
    }

    private record Outage(TestDatabases databases, String database, PayaraMicroProcess server, Api api, Guest host,
                          Room room) {

        /** The database refuses new connections and ends the server's: to the server it is gone. */
        void begin() throws SQLException {
            databases.admin("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS false");
            databases.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
        }

        void end() throws SQLException {
            databases.admin("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS true");
        }
    }

    private PayaraMicroProcess server(String database) throws IOException {
        return server(database, List.of(), List.of("--nocluster"));
    }

    private PayaraMicroProcess server(String database, List<String> properties, List<String> microOptions)
            throws IOException {
        Path dataDir = Files.createDirectories(workDir.resolve("data-" + database));
        List<String> jvm = new ArrayList<>(List.of("-Dliveroom.db.url=" + databases.url(database),
                "-Dliveroom.db.user=" + TestDatabases.USER,
                "-Dliveroom.db.password=" + TestDatabases.PASSWORD));
        jvm.addAll(properties);
        var server = new PayaraMicroProcess(Path.of(required("payara.microJar")).toAbsolutePath(),
                Path.of(required("liveroom.it.war")).toAbsolutePath(), workDir, dataDir,
                required("liveroom.it.tokenSecret"), PayaraMicroProcess.freePort(), jvm, microOptions);
        servers.add(server);
        return server;
    }

    private record OldRoom(long streamId, String roomNumber, String epoch, Instant createdAt) {
    }

    /** Rows as the version at schema V2 wrote them: ids from the sequences, the room's last seq kept in step. */
    private static OldRoom storeTheOldWay(Connection connection, int messages) throws SQLException {
        Instant at = Instant.parse("2026-01-02T03:04:05.678Z");
        long host = next(connection, "user_ids");
        long stream = next(connection, "stream_ids");
        String roomNumber = "87654321";
        String epoch = "0ld3p0ch";
        connection.setAutoCommit(false);
        try (PreparedStatement user = connection.prepareStatement(
                "INSERT INTO users (id, display_name, avatar_url, open_id, created_at) VALUES (?, ?, ?, NULL, ?)");
             PreparedStatement room = connection.prepareStatement(
                     "INSERT INTO streams (id, room_number, title, org_name, org_logo, host_id, epoch, last_seq,"
                             + " created_at) VALUES (?, ?, 'Old stream', 'Old Org', NULL, ?, ?, ?, ?)");
             PreparedStatement item = connection.prepareStatement(
                     "INSERT INTO chat_items (id, stream_id, seq, item_type, user_id, display_name, avatar_url,"
                             + " content, question_id, client_msg_id, created_at)"
                             + " VALUES (?, ?, ?, 'MESSAGE', ?, 'Old Host', NULL, ?, NULL, ?, ?)")) {
            user.setLong(1, host);
            user.setString(2, "Old Host");
            user.setString(3, "https://avatars.example/old.png");
            user.setObject(4, at.atOffset(ZoneOffset.UTC));
            user.executeUpdate();
            room.setLong(1, stream);
            room.setString(2, roomNumber);
            room.setLong(3, host);
            room.setString(4, epoch);
            room.setLong(5, messages);
            room.setObject(6, at.atOffset(ZoneOffset.UTC));
            room.executeUpdate();
            for (int seq = 1; seq <= messages; seq++) {
                item.setLong(1, next(connection, "chat_item_ids"));
                item.setLong(2, stream);
                item.setLong(3, seq);
                item.setLong(4, host);
                item.setString(5, "stored before the upgrade " + seq);
                item.setString(6, "old-" + seq);
                item.setObject(7, at.plusSeconds(seq - 1).atOffset(ZoneOffset.UTC));
                item.executeUpdate();
            }
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
        return new OldRoom(stream, roomNumber, epoch, at);
    }

    private static long next(Connection connection, String sequence) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet next = statement.executeQuery("SELECT nextval('" + sequence + "')")) {
            next.next();
            return next.getLong(1);
        }
    }

    private static String schemaVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet newest = statement.executeQuery("SELECT version FROM flyway_schema_history"
                     + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            assertTrue(newest.next(), "no migration recorded");
            return newest.getString(1);
        }
    }

    private static boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            query.setString(1, "public." + table);
            try (ResultSet exists = query.executeQuery()) {
                exists.next();
                return exists.getBoolean(1);
            }
        }
    }

    private static String setting(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT current_setting(?)")) {
            query.setString(1, name);
            try (ResultSet value = query.executeQuery()) {
                value.next();
                return value.getString(1);
            }
        }
    }

    private static JsonObject health(PayaraMicroProcess server, String path, int status) throws IOException {
        var reply = new Api(server.base().toURL()).get(path, null);
        assertEquals(status, reply.status(), path + " answered " + reply.body());
        return reply.json();
    }

    /** Polls a health endpoint until it answers with the status: health is asked for, never announced. */
    private static JsonObject awaitHealth(PayaraMicroProcess server, String path, int status, String what)
            throws IOException {
        var api = new Api(server.base().toURL());
        Instant deadline = Instant.now().plus(WAIT);
        Api.Response last = null;
        while (Instant.now().isBefore(deadline)) {
            last = api.get(path, null);
            if (last.status() == status) {
                return last.json();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new AssertionError("waited " + WAIT + " for " + what + "; last answer: "
                + (last == null ? "none" : last.status() + " " + last.body()) + "\n" + server.tail());
    }

    static JsonObject check(JsonObject health, String name) {
        Predicate<JsonObject> named = c -> name.equals(c.getString("name"));
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream().filter(named).findFirst()
                .orElseThrow(() -> new AssertionError("no health check " + name + " in " + health));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(property + " is not set: run the tests through mvn verify");
        }
        return value;
    }
}
