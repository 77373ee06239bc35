package com.liveroom.chat;

import com.liveroom.support.Api;
import com.liveroom.support.Jsons;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A chat client that behaves like the mini-program page plus what a careful client adds: it gives every message
 * a {@code clientMsgId}, keeps the messages the server has not acknowledged yet, and after a reconnect sends those
 * again with the same ids. One socket per peer; the peer may be in several rooms.
 */
final class ChatPeer {

    private static final Duration SEND_WITHIN = Duration.ofSeconds(5);

    final int index;
    final Api.Guest guest;
    final List<Api.Room> rooms;
    private final String runId;
    private final Random random;
    private final Map<String, SentMessage> ledger;
    private final HttpClient http;
    private final List<SentMessage> mine = new CopyOnWriteArrayList<>();
    /** Refusals and unexpected frames, as "run n: frame". */
    final List<String> refusals = new CopyOnWriteArrayList<>();
    final AtomicInteger busy = new AtomicInteger();
    final List<String> unexpected = new CopyOnWriteArrayList<>();
    final AtomicLong chatItems = new AtomicLong();
    final AtomicLong sendFailures = new AtomicLong();
    final AtomicLong droppedAcks = new AtomicLong();
    private int counter;
    private volatile Link link;
    private volatile CompletableFuture<Void> deaf;

    ChatPeer(int index, Api.Guest guest, List<Api.Room> rooms, String runId, long seed,
             Map<String, SentMessage> ledger, HttpClient http) {
        this.index = index;
        this.guest = guest;
        this.rooms = List.copyOf(rooms);
        this.runId = runId;
        this.random = new Random(seed);
        this.ledger = ledger;
        this.http = http;
    }

    /** Opens a socket to the given server run (1 before the kill, 2 after) with the token in the handshake. */
    void connect(URI socket, int serverRun) throws InterruptedException, ExecutionException, TimeoutException {
        var fresh = new Link(serverRun);
        fresh.socket = http.newWebSocketBuilder()
                .header("Authorization", guest.token())
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(socket, fresh)
                .get(15, TimeUnit.SECONDS);
        deaf = null;
        link = fresh;
    }

    /** Joins every room of this peer and waits until the server has admitted the socket to each. */
    CompletableFuture<Void> joinAll() {
        Link current = link;
        List<CompletableFuture<?>> joined = new ArrayList<>();
        for (Api.Room room : rooms) {
            joined.add(current.joins.computeIfAbsent(room.roomNumber(), t -> new CompletableFuture<>()));
            frame(3, Jsons.object().add("topic", room.roomNumber()).build().toString());
        }
        return CompletableFuture.allOf(joined.toArray(CompletableFuture[]::new));
    }

    /** Sends one new message to one of this peer's rooms. */
    synchronized void sendNext() {
        Api.Room room = rooms.get(random.nextInt(rooms.size()));
        String clientMsgId = runId + "-" + index + "-" + (++counter);
        var message = new SentMessage(clientMsgId, index, room);
        ledger.put(clientMsgId, message);
        mine.add(message);
        send(message);
    }

    /** Sends a message (again): the frame a page sends, with the same clientMsgId every time. */
    synchronized void send(SentMessage message) {
        // counted before it goes: once the frame may have left, the client must treat the message as pending
        if (message.sends.getAndIncrement() == 0) {
            message.firstSentAt = System.nanoTime();
        }
        String chatInfo = Jsons.object().add("content", message.content).add("type", "message")
                .add("clientMsgId", message.clientMsgId).build().toString();
        frame(2, Jsons.object().add("topic", message.room.roomNumber()).add("chatInfo", chatInfo).build().toString());
    }

    synchronized void heartbeat() {
        frame(1, "");
    }

    /**
     * From now on, until the next {@link #connect}, frames from the server are lost on their way (as the last
     * frames before a crash may be, in the server's buffers or on the network). Completes the future when an ack
     * was lost: then the server has stored a message whose sender was not told.
     */
    void loseIncomingFrames(CompletableFuture<Void> onLostAck) {
        deaf = onLostAck;
    }

    /** Messages sent and not acknowledged by any server run yet, oldest first. */
    List<SentMessage> unacknowledged() {
        return mine.stream().filter(m -> m.ack() == null).toList();
    }

    List<SentMessage> sent() {
        return List.copyOf(mine);
    }

    /** Drops the socket without a closing handshake (the server is gone anyway). */
    void abort() {
        Link current = link;
        if (current != null && current.socket != null) {
            current.socket.abort();
        }
    }

    /** Closes the socket politely. */
    void close() {
        Link current = link;
        if (current != null && current.socket != null && !current.socket.isOutputClosed()) {
            try {
                current.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // closing is best effort
            }
            current.socket.abort();
        }
    }

    /** The close code of the current socket if the server closed it, else null. */
    Integer closedWith() {
        Link current = link;
        return current == null ? null : current.closed.getNow(null);
    }

    private void frame(int type, String payLoad) {
        Link current = link;
        String text = Jsons.object().add("token", guest.token()).add("type", type).add("payLoad", payLoad).build()
                .toString();
        try {
            // one frame at a time: the JDK's WebSocket refuses a send while the previous one is under way
            current.socket.sendText(text, true).get(SEND_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | IllegalStateException e) {
            sendFailures.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendFailures.incrementAndGet();
        }
    }

    private final class Link implements WebSocket.Listener {

        final int serverRun;
        final ConcurrentMap<String, CompletableFuture<Void>> joins = new ConcurrentHashMap<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        Link(int serverRun) {
            this.serverRun = serverRun;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                handle(text);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(String text) {
            CompletableFuture<Void> losing = deaf;
            if (losing != null && serverRun == 1) {
                if (text.contains("\"code\":202")) {
                    droppedAcks.incrementAndGet();
                    losing.complete(null);
                }
                return;
            }
            if (text.startsWith("{\"code\":200,")) {
                // a chat item, the bulk of the traffic: history is what the test checks
                chatItems.incrementAndGet();
                return;
            }
            JsonObject frame;
            try {
                frame = Jsons.parse(text);
            } catch (RuntimeException e) {
                unexpected.add("run " + serverRun + ": not JSON: " + text);
                return;
            }
            int code = frame.getInt("code", -1);
            switch (code) {
                case 200 -> chatItems.incrementAndGet();
                case 201 -> joins.computeIfAbsent(frame.getJsonObject("data").getString("topic"),
                        t -> new CompletableFuture<>()).complete(null);
                case 202 -> {
                    JsonObject data = frame.getJsonObject("data");
                    String clientMsgId = data.getString("clientMsgId");
                    SentMessage message = ledger.get(clientMsgId);
                    if (message == null || message.peer != index) {
                        unexpected.add("run " + serverRun + ": an ack for a message this peer never sent: " + text);
                    } else {
                        message.acked(serverRun, new SentMessage.Ack(data.getJsonNumber("id").longValue(),
                                data.getJsonNumber("seq").longValue()));
                    }
                }
                // a writer whose queue is full stores nothing and says so, naming the message: it stays unacked and
                // is sent again like every other message the server did not ack
                case 503 -> busy.incrementAndGet();
                default -> {
                    // other 2xx frames are events (moderation, the online count): news, not refusals
                    if (code < 200 || code >= 300) {
                        refusals.add("run " + serverRun + ": " + text);
                    }
                }
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
