package com.liveroom.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One Payara Micro server run as a child process of the test, the way an operator runs it: {@code java -jar
 * payara-micro.jar --deploy liveroom.war}. It can be started again on the same data directory after it was killed.
 */
public final class PayaraMicroProcess implements AutoCloseable {

    private final Path microJar;
    private final Path war;
    private final Path workDir;
    private final Path dataDir;
    private final String tokenSecret;
    private final int port;
    private final List<String> extraProperties;
    private final List<String> microOptions;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread reaper = new Thread(this::killQuietly, "crash-it-reaper");
    private Process process;
    private Path log;
    private int runs;

    /**
     * @param extraProperties JVM options such as {@code -Dliveroom.db.url=...}
     * @param microOptions    Payara Micro options such as {@code --nocluster} or {@code --clustermode ...}
     */
    public PayaraMicroProcess(Path microJar, Path war, Path workDir, Path dataDir, String tokenSecret, int port,
                              List<String> extraProperties, List<String> microOptions) {
        this.microJar = microJar;
        this.war = war;
        this.workDir = workDir;
        this.dataDir = dataDir;
        this.tokenSecret = tokenSecret;
        this.port = port;
        this.extraProperties = List.copyOf(extraProperties);
        this.microOptions = List.copyOf(microOptions);
        // should the test JVM itself be stopped, the server must not outlive it
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    public static int freePort() {
        try (var socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI base() {
        return URI.create("http://localhost:" + port + "/");
    }

    public URI socket() {
        return URI.create("ws://localhost:" + port + "/ws");
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    /** Starts the server and returns once its HTTP API signs in a guest, or fails (with the log's tail). */
    public Duration start(Duration within) throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the server is already running");
        }
        runs++;
        log = workDir.resolve("server-" + runs + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-Djava.io.tmpdir=" + workDir);
        command.add("-Dliveroom.data.dir=" + dataDir);
        command.add("-Dliveroom.token.secret=" + tokenSecret);
        command.addAll(extraProperties);
        command.addAll(List.of("-jar", microJar.toString(), "--deploy", war.toString(), "--contextroot", "/",
                "--port", Integer.toString(port)));
        command.addAll(microOptions);
        Instant started = Instant.now();
        process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        awaitReady(started.plus(within));
        return Duration.between(started, Instant.now());
    }

    /**
     * Kills the server the hard way (SIGKILL: no shutdown hook, no flush, no goodbye to the sockets) and returns
     * its exit status, which is 128 + 9 when the kernel killed it with SIGKILL.
     */
    public int kill() throws InterruptedException {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the server (pid " + process.pid() + ") did not die from SIGKILL within 30 s");
        }
        return process.exitValue();
    }

    /** Freezes the server (SIGSTOP): it neither answers nor heartbeats, as if cut off, until {@link #thaw}. */
    public void freeze() {
        signal("STOP");
    }

    /** Asks the server to stop (SIGTERM) and returns at once; {@link #awaitExit} waits for it. */
    public void terminate() {
        signal("TERM");
    }

    /** Waits for the server process to end and returns its exit status. */
    public int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server (pid " + process.pid() + ") did not stop within " + within);
        }
        return process.exitValue();
    }

    /** Lets a frozen server run again (SIGCONT). */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Stops the server politely (SIGTERM), and forcibly when it does not stop in time. */
    public void stop() {
        if (process == null) {
            return;
        }
        try {
            process.toHandle().descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killQuietly();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    private void killQuietly() {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly();
        }
    }

    private void awaitReady(Instant deadline) {
        var probe = HttpRequest.newBuilder(base().resolve("api/auth/guest"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"probe\"}"))
                .build();
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + " while starting\n" + tail());
            }
            try {
                HttpResponse<String> reply = http.send(probe, HttpResponse.BodyHandlers.ofString());
                if (reply.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + reply.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            // polling a starting server: there is no event to wait for
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new AssertionError("the server did not answer in time (" + last + ")\n" + tail());
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "---- last lines of " + log + " ----\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }
}
