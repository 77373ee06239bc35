package com.liveroom.likes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.PayaraMicroProcess;
import com.liveroom.support.SocketClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a lone server's likes survive, end to end, with Payara Micro run as a child process on an H2 file: killed
 * with SIGKILL while members tap, it loses at most the taps of the last persist interval
 * ({@code liveroom.likes.persist-seconds}); stopped with SIGTERM, it loses none. Each run is started again on the
 * same data and asked for the room's total.
 */
class LikesDurabilityIT {

    private static final Duration START_WITHIN = Duration.ofSeconds(120);
    private static final int MEMBERS = 4;
    private static final Duration TICK = Duration.ofMillis(20);

    private PayaraMicroProcess server;
    private ScheduledExecutorService tapping;
    private final List<SocketClient> sockets = new ArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (tapping != null) {
            tapping.shutdownNow();
            tapping.awaitTermination(10, TimeUnit.SECONDS);
        }
        sockets.forEach(SocketClient::close);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aKilledServerLosesAtMostTheTapsOfTheLastPersistInterval() throws Exception {
        long persistSeconds = 2;
        server = server("likes-crash", List.of("-Dliveroom.likes.persist-seconds=" + persistSeconds));
        var api = new Api(server.base().toURL());
        Api.Guest host = api.guest("crash-like-host");
        Api.Room room = api.stream(host, "crash likes");
        SocketClient watcher = joined(api, room, api.guest("crash-watcher"));
        List<SocketClient> tappers = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            tappers.add(joined(api, room, api.guest("crash-tapper-" + i)));
        }
        // every member taps once per tick: 200 taps a second, within each one's allowance
        var sentAt = new ConcurrentLinkedQueue<Long>();
        tapping = Executors.newScheduledThreadPool(MEMBERS);
        for (SocketClient tapper : tappers) {
            tapping.scheduleAtFixedRate(() -> {
                try {
                    Liking.tap(tapper, room, 1);
                    sentAt.add(System.nanoTime());
                } catch (AssertionError | RuntimeException closed) {
                    // the server is gone: the tap was not sent
                }
            }, 0, TICK.toNanos(), TimeUnit.NANOSECONDS);
        }
        // the taps are counted (a push says so), then run for a few persist intervals before the kill
        watcher.await(f -> f.getInt("code") == Liking.LIKES, Duration.ofSeconds(10));
        Liking.awaitValue("taps sent", 1, Duration.ofSeconds(30),
                () -> sentAt.size() >= 200L * 4 * persistSeconds ? 1 : 0);
        long killedAt = System.nanoTime();
        int exit = server.kill();
        tapping.shutdownNow();
        assertTrue(tapping.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(128 + 9, exit, "the server should have died of SIGKILL");
        List<Long> times = List.copyOf(sentAt);
        long sent = times.size();
        // the taps of the last persist interval, and of one second more: taps still on their way to the server when
        // it died (sent, never taken) and a tick the loaded machine ran late
        long bound = Duration.ofSeconds(persistSeconds + 1).toNanos();
        long lastInterval = times.stream().filter(t -> t > killedAt - bound).count();
        sockets.forEach(SocketClient::close);

        server.start(START_WITHIN);
        long total = Liking.total(new Api(server.base().toURL()), host, room);
        long lost = sent - total;
        System.out.printf("[likes-crash] sent %d taps, %d in the last %d ms before the kill; total after the restart"
                + " %d: lost %d%n", sent, lastInterval, Duration.ofNanos(bound).toMillis(), total, lost);
        assertTrue(total > 0, "the periodic persist wrote the total before the kill");
        assertTrue(total <= sent, "no tap counted twice: " + total + " of " + sent);
        assertTrue(lost <= lastInterval, "lost " + lost + " taps, more than the " + lastInterval
                + " of the last persist interval (" + persistSeconds + " s and 1 s to spare)");
    }

    @Test
    void aServerStoppedCleanlyPersistsEveryTap() throws Exception {
        // no periodic persist in this run: only the stop writes the total
        server = server("likes-stop", List.of("-Dliveroom.likes.persist-seconds=3600"));
        var api = new Api(server.base().toURL());
        Api.Guest host = api.guest("stop-like-host");
        Api.Room room = api.stream(host, "stop likes");
        SocketClient watcher = joined(api, room, api.guest("stop-watcher"));
        List<SocketClient> tappers = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            tappers.add(joined(api, room, api.guest("stop-tapper-" + i)));
        }
        for (SocketClient tapper : tappers) {
            for (int i = 0; i < 5; i++) {
                Liking.tap(tapper, room, 5);
            }
        }
        Liking.awaitPushed(watcher, room, MEMBERS * 25L, Duration.ofSeconds(10));
        // the last taps go out just before the stop, without waiting for them to be counted
        for (SocketClient tapper : tappers) {
            Liking.tap(tapper, room, 7);
        }
        Liking.refused(tappers.get(0), 400, () -> tappers.get(0).send(Liking.LIKE_FRAME, "{}"));
        server.terminate();
        server.awaitExit(Duration.ofSeconds(60));
        sockets.forEach(SocketClient::close);

        server.start(START_WITHIN);
        assertEquals(MEMBERS * (25L + 7), Liking.total(new Api(server.base().toURL()), host, room),
                "every tap counted before the stop is in the total after it");
    }

    private SocketClient joined(Api api, Api.Room room, Api.Guest guest) {
        SocketClient socket = SocketClient.withHeader(api.socket(), guest.token());
        sockets.add(socket);
        socket.joined(room.roomNumber());
        return socket;
    }

    private static PayaraMicroProcess server(String name, List<String> properties) throws IOException {
        Path target = Path.of(System.getProperty("liveroom.it.tmpDir", "target")).toAbsolutePath();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        Path workDir = Files.createDirectories(target.resolve(name + "-" + stamp));
        Path war = Files.copy(Path.of(required("liveroom.it.war")).toAbsolutePath(), workDir.resolve("liveroom.war"),
                StandardCopyOption.REPLACE_EXISTING);
        List<String> jvm = new ArrayList<>(properties);
        // the allowance is not under test here; the taps are
        jvm.add("-Dliveroom.likes.per-second=1000");
        jvm.add("-Dliveroom.ws.idle-timeout-seconds=600");
        var server = new PayaraMicroProcess(Path.of(required("payara.microJar")).toAbsolutePath(), war, workDir,
                workDir.resolve("data"), required("liveroom.it.tokenSecret"), PayaraMicroProcess.freePort(), jvm,
                List.of("--nocluster", "--prebootcommandfile", required("liveroom.it.preBoot")));
        server.start(START_WITHIN);
        return server;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (failsafe sets it from the pom)");
        }
        return value;
    }
}
