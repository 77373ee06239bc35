package com.liveroom.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Jsons;
import com.liveroom.support.PayaraMicroProcess;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server stopped with SIGTERM while a host is chatting: it goes not-ready first, then tells every member to
 * reconnect (close 1012 with a wait from the window), and every message it acked is in the room's history when it
 * starts again on the same data.
 */
class DrainIT {

    private static final int MEMBERS = 12;
    private static final long WINDOW_MS = 5000;
    private static final Pattern REASON = Pattern.compile("restarting: reconnect in (\\d+) ms");

    private PayaraMicroProcess server;
    private ScheduledExecutorService traffic;
    private final List<SocketClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        if (traffic != null) {
            traffic.shutdownNow();
            traffic.awaitTermination(10, TimeUnit.SECONDS);
        }
        clients.forEach(SocketClient::close);
        if (server != null) {
            server.close();
        }
    }

    /**
     * A browser always offers permessage-deflate; the server takes no extension (its frames are written raw, built once
     * for every member), so the upgrade answers without Sec-WebSocket-Extensions. See README, "Compression".
     */
    private static void assertNoCompression(int port, String token) throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /ws?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"
                    + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            var head = new StringBuilder();
            var in = socket.getInputStream();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
            assertTrue(!head.toString().toLowerCase(java.util.Locale.ROOT).contains("sec-websocket-extensions"),
                    "the server should negotiate no extension: " + head);
        }
    }

    @Test
    void sigtermTurnsReadinessDownThenClosesEveryMemberWith1012AndKeepsEveryAckedMessage() throws Exception {
        server = ServerRun.start("drain", List.of("-Dliveroom.drain.notice-ms=1000",
                "-Dliveroom.drain.reconnect-window-ms=" + WINDOW_MS, "-Dliveroom.limits.messages-per-second=1000",
                "-Dliveroom.limits.message-burst=1000"));
        var api = new Api(server.base().toURL());
        JsonObject serving = api.get("health/ready", null).expect(200).json().getJsonArray("checks")
                .getValuesAs(JsonObject.class).stream().filter(c -> c.getString("name").equals("serving")).findFirst()
                .orElseThrow(() -> new AssertionError("no serving readiness check"));
        assertEquals("UP", serving.getString("status"), serving.toString());
        Api.Guest host = api.guest("drain-host");
        assertNoCompression(server.base().getPort(), host.token());
        Api.Room room = api.stream(host, "drain-room");
        for (int i = 0; i < MEMBERS; i++) {
            var member = SocketClient.withHeader(server.socket(), api.guest("drain-member-" + i).token());
            member.join(room.roomNumber());
            member.joined(room.roomNumber());
            clients.add(member);
        }
        var hostSocket = SocketClient.withHeader(server.socket(), host.token());
        hostSocket.join(room.roomNumber());
        hostSocket.joined(room.roomNumber());
        clients.add(hostSocket);

        // the host sends every 10 ms until its socket closes; readiness is polled every 25 ms
        traffic = Executors.newScheduledThreadPool(2);
        var sent = new AtomicInteger();
        traffic.scheduleAtFixedRate(() -> {
            int n = sent.getAndIncrement();
            try {
                hostSocket.chat(room.roomNumber(), "drain " + n, "d" + n);
            } catch (RuntimeException closed) {
                // the socket is going: nothing more is sent
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        var notReadySince = new AtomicLong();
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var ready = HttpRequest.newBuilder(server.base().resolve("health/ready")).timeout(Duration.ofSeconds(1)).build();
        traffic.scheduleAtFixedRate(() -> {
            int status;
            try {
                status = http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception unreachable) {
                status = -1;
            }
            if (status != 200) {
                notReadySince.compareAndSet(0, System.nanoTime());
            }
        }, 0, 25, TimeUnit.MILLISECONDS);
        hostSocket.awaitCount(f -> f.getInt("code") == 202, 30);
        assertEquals(0, notReadySince.get(), "the server was not ready before it was stopped");

        server.terminate();
        for (SocketClient client : clients) {
            assertEquals(1012, client.awaitClose(Duration.ofSeconds(30)), "close code, reason " + client.closeReason());
            Matcher wait = REASON.matcher(String.valueOf(client.closeReason()));
            assertTrue(wait.matches(), "close reason: " + client.closeReason());
            assertTrue(Long.parseLong(wait.group(1)) < WINDOW_MS, client.closeReason());
        }
        long firstClose = clients.stream().mapToLong(SocketClient::closedAt).min().orElseThrow();
        assertTrue(notReadySince.get() != 0 && notReadySince.get() < firstClose,
                "readiness should go down before the first socket closes");
        long waits = clients.stream().map(c -> c.closeReason()).distinct().count();
        assertTrue(waits > 1, "the reconnect waits should be spread, not all the same");
        assertEquals(143, server.awaitExit(Duration.ofSeconds(60)), "exit status after SIGTERM");
        traffic.shutdownNow();

        Map<String, Long> acked = new HashMap<>();
        for (JsonObject frame : hostSocket.frames()) {
            if (frame.getInt("code") == 202) {
                JsonObject ack = frame.getJsonObject("data");
                acked.put("drain " + ack.getString("clientMsgId").substring(1), ack.getJsonNumber("seq").longValue());
            }
        }
        server.start(ServerRun.START_WITHIN);
        api = new Api(server.base().toURL());
        Map<String, Long> stored = new HashMap<>();
        for (var item : api.history(host, room, "&page=1&resultsPerPage=1000").getJsonArray("items")) {
            JsonObject chat = item.asJsonObject();
            stored.put(chat.getString("content"), chat.getJsonNumber("seq").longValue());
        }
        assertTrue(acked.size() >= 30, acked.size() + " acks");
        acked.forEach((content, seq) -> assertEquals(seq, stored.get(content), "acked \"" + content + "\""));
        System.out.printf("[drain] %d sent, %d acked, %d stored; every acked message kept%n", sent.get(),
                acked.size(), stored.size());
    }
}
