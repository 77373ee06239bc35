package com.liveroom.cluster;

import com.liveroom.support.Api;
import com.liveroom.support.PayaraMicroProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Two Payara Micro servers run as child processes on the same WAR and the same PostgreSQL, clustered over their
 * data grid on loopback (Hazelcast ports 6900 and 6901), the way the README starts a cluster: each with a root
 * directory of its own that a restart reuses, and the pre-boot commands of {@code server-config}.
 */
final class Cluster implements AutoCloseable {

    static final int GRID_PORT = 6900;
    private static final Duration START_WITHIN = Duration.ofSeconds(180);
    /** As the README starts a cluster: a split is looked for 30 s after start and every 15 s after that. */
    static final List<String> MERGE_SOON = List.of("-Dhazelcast.merge.first.run.delay.seconds=30",
            "-Dhazelcast.merge.next.run.delay.seconds=15");

    final List<PayaraMicroProcess> servers = new ArrayList<>();
    final List<Api> apis = new ArrayList<>();
    final Path workDir;

    private Cluster(Path workDir) {
        this.workDir = workDir;
    }

    /** Starts the servers one after the other (each joins the grid the earlier ones formed) and waits for the grid. */
    static Cluster start(String name, int size, List<String> properties) throws IOException {
        Path target = Path.of(System.getProperty("liveroom.it.tmpDir", "target")).toAbsolutePath();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        var cluster = new Cluster(Files.createDirectories(target.resolve(name + "-" + stamp)));
        Path war = Files.copy(Path.of(required("liveroom.it.war")).toAbsolutePath(),
                cluster.workDir.resolve("liveroom.war"), StandardCopyOption.REPLACE_EXISTING);
        List<Integer> ports = gridPorts(size);
        List<String> members = ports.stream().map(port -> "127.0.0.1:" + port).toList();
        List<String> jvm = new ArrayList<>(MERGE_SOON);
        jvm.addAll(properties);
        jvm.add("-Dliveroom.db.url=" + required("liveroom.it.pgUrl"));
        jvm.add("-Dliveroom.db.user=liveroom");
        jvm.add("-Dliveroom.db.password=liveroom");
        String gridName = name + "-" + Long.toString(System.nanoTime(), 36);
        try {
            for (int i = 0; i < size; i++) {
                Path dir = Files.createDirectories(cluster.workDir.resolve("server-" + i));
                var server = new PayaraMicroProcess(Path.of(required("payara.microJar")).toAbsolutePath(), war, dir,
                        dir.resolve("data"), required("liveroom.it.tokenSecret"), PayaraMicroProcess.freePort(), jvm,
                        List.of("--clustermode", "tcpip:" + String.join(",", members), "--interfaces", "127.0.0.1",
                                "--startport", Integer.toString(ports.get(i)), "--clustername", gridName,
                                // as an operator runs it: a root directory of its own, kept across restarts
                                "--rootdir", dir.resolve("root").toString(),
                                "--prebootcommandfile", required("liveroom.it.preBoot")));
                cluster.servers.add(server);
                Duration took = server.start(START_WITHIN);
                cluster.apis.add(new Api(server.base().toURL()));
                System.out.println("[cluster] server " + i + " (pid " + server.pid() + ", " + server.base()
                        + ") answered after " + took.toMillis() + " ms");
            }
            cluster.awaitGrid(size);
        } catch (IOException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * The data grid's ports: 6900, 6901... where free, else any free ports. Every Payara Micro on the machine, even
     * one started with {@code --nocluster}, binds the first free port from 6900 up, and a server that finds its start
     * port taken moves on to the next one, where the other servers would not look for it.
     */
    private static List<Integer> gridPorts(int size) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int preferred = GRID_PORT + i;
            try (var probe = new ServerSocket(preferred)) {
                ports.add(preferred);
            } catch (IOException taken) {
                ports.add(PayaraMicroProcess.freePort());
            }
        }
        System.out.println("[cluster] data grid ports " + ports);
        return ports;
    }

    PayaraMicroProcess server(int i) {
        return servers.get(i);
    }

    Api api(int i) {
        return apis.get(i);
    }

    /** Waits until the last server's log says the grid holds every server. */
    private void awaitGrid(int size) {
        PayaraMicroProcess last = servers.get(servers.size() - 1);
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (Files.readString(last.log(), StandardCharsets.UTF_8).contains("DG Size: " + size)) {
                    return;
                }
            } catch (IOException e) {
                // not written yet
            }
            // polling a log file: there is no event to wait for
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new AssertionError("the servers did not form one data grid of " + size + "\n" + last.tail());
    }

    @Override
    public void close() {
        servers.forEach(PayaraMicroProcess::close);
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (failsafe sets it from the pom)");
        }
        return value;
    }
}
