package com.liveroom.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Jsons;
import com.liveroom.support.PayaraMicroProcess;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a client gets when the database fails: at commit, or by going away altogether. Whatever fails, every REST
 * answer is {@code {code, msg}} JSON with a status that fits, never the container's HTML error page. This class
 * runs a PostgreSQL of its own (src/test/postgres/test-server.sh), which it stops and starts again; the build's
 * shared one is left alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseFaultsIT {

    private static final Duration START_WITHIN = Duration.ofSeconds(120);
    /** An unreachable database is answered at once, not after a client's patience has run out. */
    private static final Duration FAST = Duration.ofSeconds(5);
    private static final List<String> TABLES = List.of("users", "streams", "questions", "chat_items", "moderators",
            "sanctions", "blocked_terms", "audit_log", "question_votes", "question_boards");

    private Path script;
    private Path state;
    private int pgPort;
    private PayaraMicroProcess server;
    private Api api;

    @BeforeAll
    void startPostgresAndServer() throws IOException {
        Path target = Path.of(System.getProperty("liveroom.it.tmpDir", "target")).toAbsolutePath();
        Path workDir = Files.createDirectories(target.resolve("faults-run-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"))));
        script = Path.of(System.getProperty("basedir", "."), "src", "test", "postgres", "test-server.sh").toAbsolutePath();
        state = workDir.resolve("postgres.state");
        pgPort = PayaraMicroProcess.freePort();
        postgres("start", Integer.toString(pgPort), state.toString());
        server = new PayaraMicroProcess(Path.of(required("payara.microJar")).toAbsolutePath(),
                Path.of(required("liveroom.it.war")).toAbsolutePath(), workDir, workDir.resolve("data"),
                required("liveroom.it.tokenSecret"), PayaraMicroProcess.freePort(),
                List.of("-Dliveroom.db.url=" + jdbcUrl(), "-Dliveroom.db.user=liveroom", "-Dliveroom.db.password=liveroom"),
                List.of("--nocluster"));
        server.start(START_WITHIN);
        api = new Api(server.base().toURL());
    }

    @AfterAll
    void stopEverything() {
        if (server != null) {
            server.close();
        }
        if (state != null) {
            postgres("stop", state.toString());
        }
    }

    /** The change's rows are written when its transaction commits, and the database refuses one of them. */
    @Test
    void aChangeThatRunsIntoAConstraintAtCommitAnswers409JsonAndStoresNothing() throws SQLException {
        everyCallAnswers(409, "CREATE TRIGGER fail_at_commit AFTER INSERT OR UPDATE OR DELETE ON %s"
                + " FOR EACH ROW EXECUTE FUNCTION fail_at_commit()");
    }

    /**
     * The database's {@code COMMIT} itself fails, as it does for a deferred constraint: the container passes on
     * that the commit failed, not why, and the client is told to try again.
     */
    @Test
    void aChangeWhoseCommitTheDatabaseRefusesAnswers503JsonAndStoresNothing() throws SQLException {
        everyCallAnswers(503, "CREATE CONSTRAINT TRIGGER fail_at_commit AFTER INSERT OR UPDATE OR DELETE ON %s"
                + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_at_commit()");
    }

    /** Every kind of call that writes, made while each of its writes fails as {@code trigger} says. */
    private void everyCallAnswers(int status, String trigger) throws SQLException {
        Guest host = api.guest("host");
        Guest viewer = api.guest("viewer");
        Room room = api.stream(host, "faults");
        String streams = "api/streams/" + room.id() + "/";
        long item = questionItem(host, room, "an item to delete");
        long question = api.post("api/question/add", viewer.token(), Jsons.object().add("content", "an open question")
                .add("streamId", Long.toString(room.id())).build()).expect(200).data().getJsonNumber("id").longValue();

        Map<String, Supplier<Api.Response>> calls = new LinkedHashMap<>();
        calls.put("sign in as a guest", () -> api.post("api/auth/guest", null, "{\"displayName\":\"late\"}"));
        calls.put("create a stream", () -> api.post("api/streams", host.token(), "{\"title\":\"t\",\"orgName\":\"o\"}"));
        calls.put("appoint a moderator", () -> api.put(streams + "moderators/" + viewer.id(), host.token(), null));
        calls.put("ban", () -> api.put(streams + "bans/" + viewer.id(), host.token(), null));
        calls.put("mute", () -> api.put(streams + "mutes/" + viewer.id(), host.token(), "{\"seconds\":60}"));
        calls.put("delete an item", () -> api.delete(streams + "items/" + item, host.token()));
        calls.put("close the room", () -> api.post(streams + "close", host.token(), ""));
        calls.put("change settings", () -> api.put(streams + "settings", host.token(), "{\"slowModeSeconds\":5}"));
        calls.put("block a term", () -> api.post(streams + "blocked-terms", host.token(), "{\"term\":\"bad\"}"));
        calls.put("dismiss a question", () -> api.post("api/question/" + question + "/dismiss", host.token(), ""));
        calls.put("highlight a question", () -> api.post("api/question/" + question + "/highlight", host.token(), ""));
        calls.put("vote", () -> api.put("api/question/" + question + "/vote", viewer.token(), null));
        calls.put("question settings", () -> api.put("api/question/settings?stream=" + room.id(), host.token(),
                "{\"holdForReview\":true}"));
        // through the chat writer, which answers every failure to store as 503 "not stored"
        Map<String, Supplier<Api.Response>> written = new LinkedHashMap<>();
        written.put("ask", () -> api.post("api/question/add", viewer.token(), Jsons.object().add("content", "again?")
                .add("streamId", Long.toString(room.id())).build()));
        written.put("answer", () -> api.post("api/question/" + question + "/answer", host.token(), "{\"answer\":\"a\"}"));

        long auditBefore = auditTotal(host, room);
        failEveryWrite(trigger);
        try {
            calls.forEach((what, call) -> assertJsonError(what, call.get(), status));
            written.forEach((what, call) -> assertJsonError(what, call.get(), 503));
        } finally {
            failEveryWrite(null);
        }

        assertEquals(auditBefore, auditTotal(host, room), "nothing that failed is audited");
        assertEquals(0, api.get(streams + "moderators", host.token()).expect(200).json().getJsonArray("data").size());
        assertEquals(200, calls.get("appoint a moderator").get().status(), "with the database whole again, it works");
    }

    @Test
    void aDatabaseThatIsDownAnswers503JsonAtOnceAndTheServerRecoversWhenItIsBack() {
        Guest host = api.guest("host");
        Room room = api.stream(host, "down");
        Supplier<Api.Response> signIn = () -> api.post("api/auth/guest", null, "{\"displayName\":\"someone\"}");
        Supplier<Api.Response> close = () -> api.post("api/streams/" + room.id() + "/close", host.token(), "");

        postgres("halt", state.toString());
        try {
            assertJsonError("sign in", timed(signIn), 503);
            assertJsonError("close the room", timed(close), 503);
            assertJsonError("sign in again", timed(signIn), 503);
        } finally {
            postgres("resume", Integer.toString(pgPort), state.toString());
        }

        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Api.Response answer = signIn.get();
        while (answer.status() != 200 && Instant.now().isBefore(deadline)) {
            assertJsonError("sign in while recovering", answer, 503);
            // a pool recovering from a dead database: there is no event to wait for
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            answer = signIn.get();
        }
        answer.expect(200);
        assertTrue(close.get().expect(200).data().getBoolean("closed"));
    }

    private Api.Response timed(Supplier<Api.Response> call) {
        Instant started = Instant.now();
        Api.Response answer = call.get();
        Duration took = Duration.between(started, Instant.now());
        assertTrue(took.compareTo(FAST) < 0, "answered after " + took.toMillis() + " ms: " + answer.body());
        return answer;
    }

    private static void assertJsonError(String what, Api.Response answer, int status) {
        assertTrue(answer.isJson(), what + ": not JSON (" + answer.contentType() + "): " + answer.body());
        assertEquals(status, answer.status(), what + ": " + answer.body());
        JsonObject body = answer.json();
        assertEquals(status, body.getInt("code"), what + ": " + answer.body());
        assertTrue(!body.getString("msg", "").isBlank(), what + ": no msg in " + answer.body());
    }

    /** A question asked into the open room is stored with a {@code question} item; its id is found in history. */
    private long questionItem(Guest host, Room room, String content) {
        api.post("api/question/add", host.token(), Jsons.object().add("content", content)
                .add("streamId", Long.toString(room.id())).build()).expect(200);
        return api.history(host, room, "&page=1&resultsPerPage=1&type=question").getJsonArray("items")
                .getJsonObject(0).getJsonNumber("id").longValue();
    }

    private long auditTotal(Guest host, Room room) {
        return api.get("api/streams/" + room.id() + "/audit", host.token()).expect(200).data()
                .getJsonNumber("total").longValue();
    }

    /**
     * A trigger on every table the application writes that refuses the write as a unique constraint would
     * (another change got there first); {@code null} takes it away again.
     */
    private void failEveryWrite(String trigger) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), "liveroom", "liveroom");
             Statement statement = connection.createStatement()) {
            if (trigger != null) {
                statement.execute("CREATE FUNCTION fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " RAISE unique_violation USING MESSAGE = 'another change got there first'; END $$");
                for (String table : TABLES) {
                    statement.execute(String.format(trigger, table));
                }
            } else {
                for (String table : TABLES) {
                    statement.execute("DROP TRIGGER IF EXISTS fail_at_commit ON " + table);
                }
                statement.execute("DROP FUNCTION IF EXISTS fail_at_commit()");
            }
        }
    }

    private String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/liveroom";
    }

    private void postgres(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("test-server.sh " + String.join(" ", arguments) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new AssertionError("test-server.sh could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(property + " is not set: run the tests through mvn verify");
        }
        return value;
    }
}
