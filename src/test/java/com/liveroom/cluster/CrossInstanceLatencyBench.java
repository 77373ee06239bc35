package com.liveroom.cluster;

import com.liveroom.support.Api;
import com.liveroom.support.Jsons;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test: failsafe runs it only when named ({@code bench/cluster-latency.sh}). Two clustered
 * servers on loopback and PostgreSQL; one sender on each server posts at a fixed rate, receivers on both servers
 * time each item from its send to its arrival, split into items sent on the receiver's own server and items that
 * crossed the data grid. Bounded: {@code liveroom.bench.rate} messages a second per sender (20),
 * {@code liveroom.bench.seconds} (30, after 5 s of warm-up), {@code liveroom.bench.receivers} per server (10).
 */
class CrossInstanceLatencyBench {

    private static final int WARM_UP_SECONDS = 5;

    @Test
    void crossInstanceDeliveryLatency() throws Exception {
        int rate = Integer.getInteger("liveroom.bench.rate", 20);
        int seconds = Integer.getInteger("liveroom.bench.seconds", 30);
        int receiversPerServer = Integer.getInteger("liveroom.bench.receivers", 10);
        try (Cluster cluster = Cluster.start("cluster-bench", 2, List.of(
                "-Dliveroom.limits.messages-per-second=100000", "-Dliveroom.limits.message-burst=100000"))) {
            Api.Guest host = cluster.api(0).guest("bench-host");
            Api.Room room = cluster.api(0).stream(host, "bench");
            var local = new Recorder(3);
            var crossed = new Recorder(3);
            var recording = new AtomicBoolean();
            HttpClient http = HttpClient.newHttpClient();
            List<Timer> receivers = new ArrayList<>();
            for (int server = 0; server < 2; server++) {
                for (int i = 0; i < receiversPerServer; i++) {
                    Api.Guest guest = cluster.api(server).guest("bench-receiver-" + server + "-" + i);
                    receivers.add(Timer.open(http, cluster.server(server).socket(), guest, room, server, local, crossed,
                            recording));
                }
            }
            List<Timer> senders = new ArrayList<>();
            for (int server = 0; server < 2; server++) {
                Api.Guest guest = cluster.api(server).guest("bench-sender-" + server);
                senders.add(Timer.open(http, cluster.server(server).socket(), guest, room, server, null, null,
                        recording));
            }
            ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
            for (Timer sender : senders) {
                ticks.scheduleAtFixedRate(sender::sendStamped, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
            }
            TimeUnit.SECONDS.sleep(WARM_UP_SECONDS); // a benchmark's warm-up is a span of time, not an event
            local.getIntervalHistogram();
            crossed.getIntervalHistogram();
            recording.set(true);
            TimeUnit.SECONDS.sleep(seconds);
            recording.set(false);
            ticks.shutdownNow();
            Histogram localMicros = local.getIntervalHistogram();
            Histogram crossedMicros = crossed.getIntervalHistogram();
            long sent = senders.stream().mapToLong(s -> s.sent.get()).sum();
            System.out.printf("[bench] 2 servers, %d receivers per server, 2 senders x %d msg/s, %d s measured "
                    + "(%d sent in all)%n", receiversPerServer, rate, seconds, sent);
            print("same server   ", localMicros);
            print("across servers", crossedMicros);
            for (int server = 0; server < 2; server++) {
                System.out.printf("[bench] server %d filled %s gap(s) from the database; load average %s%n", server,
                        gapFills(cluster.api(server)), loadAverage());
            }
            receivers.forEach(Timer::close);
            senders.forEach(Timer::close);
        }
    }

    /** The server's count of gaps it filled from the database (its MicroProfile metric). */
    private static String gapFills(Api api) {
        return api.get("metrics?scope=application", null).body().lines()
                .filter(line -> !line.startsWith("#") && line.contains("liveroom_gap_fills_total")).map(line -> line.replaceAll(".* ", ""))
                .findFirst().orElse("no");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void print(String what, Histogram micros) {
        System.out.printf("[bench] %s: %d deliveries, ms p50 %.2f p95 %.2f p99 %.2f max %.2f%n", what,
                micros.getTotalCount(), micros.getValueAtPercentile(50) / 1000d, micros.getValueAtPercentile(95) / 1000d,
                micros.getValueAtPercentile(99) / 1000d, micros.getMaxValue() / 1000d);
    }

    /** One socket in the room: it sends items stamped with the send time, or times the items it receives. */
    private static final class Timer implements WebSocket.Listener {
        private final Api.Guest guest;
        private final Api.Room room;
        private final int server;
        private final Recorder local;
        private final Recorder crossed;
        private final AtomicBoolean recording;
        private final StringBuilder partial = new StringBuilder();
        private final CompletableFuture<Void> joined = new CompletableFuture<>();
        final AtomicLong sent = new AtomicLong();
        private WebSocket socket;

        private Timer(Api.Guest guest, Api.Room room, int server, Recorder local, Recorder crossed,
                      AtomicBoolean recording) {
            this.guest = guest;
            this.room = room;
            this.server = server;
            this.local = local;
            this.crossed = crossed;
            this.recording = recording;
        }

        static Timer open(HttpClient http, URI uri, Api.Guest guest, Api.Room room, int server, Recorder local,
                          Recorder crossed, AtomicBoolean recording) throws Exception {
            var timer = new Timer(guest, room, server, local, crossed, recording);
            timer.socket = http.newWebSocketBuilder().header("Authorization", guest.token())
                    .buildAsync(uri, timer).get(10, TimeUnit.SECONDS);
            timer.frame(3, Jsons.object().add("topic", room.roomNumber()).build().toString());
            timer.joined.get(10, TimeUnit.SECONDS);
            return timer;
        }

        void sendStamped() {
            String chatInfo = Jsons.object().add("content", "t:" + server + ":" + System.nanoTime())
                    .add("type", "message").build().toString();
            frame(2, Jsons.object().add("topic", room.roomNumber()).add("chatInfo", chatInfo).build().toString());
            sent.incrementAndGet();
        }

        private synchronized void frame(int type, String payLoad) {
            socket.sendText(Jsons.object().add("token", guest.token()).add("type", type).add("payLoad", payLoad)
                    .build().toString(), true).orTimeout(5, TimeUnit.SECONDS).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                var frame = Jsons.parse(partial.toString());
                partial.setLength(0);
                if (frame.getInt("code") == 201) {
                    joined.complete(null);
                } else if (frame.getInt("code") == 200 && local != null && recording.get()) {
                    String[] stamp = Jsons.parse(frame.getString("data")).getString("content").split(":");
                    long micros = (now - Long.parseLong(stamp[2])) / 1000;
                    (Integer.parseInt(stamp[1]) == server ? local : crossed).recordValue(micros);
                }
            }
            webSocket.request(1);
            return null;
        }

        void close() {
            socket.abort();
        }
    }
}
