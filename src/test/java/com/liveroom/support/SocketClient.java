package com.liveroom.support;

import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.ByteBuffer;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) that speaks the mini-program's frames and keeps every frame it
 * receives, so tests can wait for what they expect, with a deadline, and check what else arrived.
 */
public final class SocketClient implements WebSocket.Listener, AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);

    private final List<JsonObject> received = new ArrayList<>();
    /** When each received frame arrived (System.nanoTime), index for index with {@code received}. */
    private final List<Long> arrivals = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile String closeReason;
    private volatile long closedAt;
    private final String token;
    private WebSocket socket;
    private volatile Throwable failure;

    private SocketClient(String token) {
        this.token = token;
    }

    /** Connects with the token in the handshake's Authorization header, as the mini-program does. */
    public static SocketClient withHeader(URI uri, String token) {
        return connect(uri, token, token);
    }

    /** Connects with the token in the query string, as a browser does. */
    public static SocketClient withQuery(URI uri, String token) {
        return connect(URI.create(uri + "?token=" + token), null, token);
    }

    /** Connects without credentials; the frames carry the token. */
    public static SocketClient anonymous(URI uri, String frameToken) {
        return connect(uri, null, frameToken);
    }

    /** Connects as a browser page of the given origin would, with the token in the query string. */
    public static SocketClient fromOrigin(URI uri, String token, String origin) {
        return connect(URI.create(uri + "?token=" + token), null, token, origin);
    }

    /**
     * The HTTP status a handshake was refused with, or 101 when it was accepted (the socket is closed again).
     */
    public static int handshakeStatus(URI uri, String token, String origin) {
        try (var client = origin == null ? withQuery(uri, token) : fromOrigin(uri, token, origin)) {
            return 101;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** A handshake's answer: 101 when the socket opened (it is closed again), else the refusal's status and headers. */
    public record Handshake(int status, java.util.Optional<String> retryAfter, String body) {
    }

    /** Tries a handshake with the token in the query string, and tells how it was answered. */
    public static Handshake handshake(URI uri, String token) {
        try (var client = withQuery(uri, token)) {
            return new Handshake(101, java.util.Optional.empty(), "");
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                var response = refused.getResponse();
                return new Handshake(response.statusCode(), response.headers().firstValue("Retry-After"),
                        String.valueOf(response.body()));
            }
            throw e;
        }
    }

    private static SocketClient connect(URI uri, String authorization, String frameToken) {
        return connect(uri, authorization, frameToken, null);
    }

    private static SocketClient connect(URI uri, String authorization, String frameToken, String origin) {
        var client = new SocketClient(frameToken);
        var builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        client.socket = builder.buildAsync(uri, client).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        return client;
    }

    /** The frames for a failure message: all of a few, or how many and the last ones of many. */
    private static String describe(List<JsonObject> frames) {
        int shown = 5;
        return frames.size() + " frames" + (frames.size() <= shown ? ": " + frames
                : ", the last " + shown + ": " + frames.subList(frames.size() - shown, frames.size()));
    }

    public void sendRaw(String text) {
        try {
            socket.sendText(text, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        } catch (java.util.concurrent.CompletionException e) {
            String state = closed.isDone() ? "closed with " + closed.join() + " " + failure : "open";
            throw new AssertionError("could not send (socket " + state + "); received " + describe(frames()), e);
        }
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public void send(int type, String payLoad) {
        var frame = Jsons.object().add("type", type).add("payLoad", payLoad);
        if (token != null) {
            frame.add("token", token);
        }
        sendRaw(frame.build().toString());
    }

    public void join(String roomNumber) {
        send(3, Jsons.object().add("topic", roomNumber).build().toString());
    }

    /** Joins and waits for the server to confirm, so that later broadcasts are sure to reach this client. */
    public void joined(String roomNumber) {
        join(roomNumber);
        await(f -> f.getInt("code") == 201 && roomNumber.equals(f.getJsonObject("data").getString("topic")));
    }

    /** Joins asking for everything after {@code since} of the history named {@code epoch}. */
    public void resume(String roomNumber, long since, String epoch) {
        send(3, Jsons.object().add("topic", roomNumber).add("since", since).add("epoch", epoch).build().toString());
    }

    /** Sends a message with the client's own id for it. */
    public void chat(String roomNumber, String content, String clientMsgId) {
        chatInfo(roomNumber, Jsons.object().add("content", content).add("type", "message")
                .add("clientMsgId", clientMsgId).build().toString());
    }

    public void chat(String roomNumber, String content) {
        chatInfo(roomNumber, Jsons.object().add("content", content).add("type", "message").build().toString());
    }

    public void chatInfo(String roomNumber, String chatInfo) {
        send(2, Jsons.object().add("topic", roomNumber).add("chatInfo", chatInfo).build().toString());
    }

    /** Waits for the first received frame that matches, and returns it. */
    public JsonObject await(Predicate<JsonObject> wanted) {
        return await(wanted, WAIT);
    }

    /** Waits as long as given for the first received frame that matches, and returns it. */
    public JsonObject await(Predicate<JsonObject> wanted, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        int checked = 0; // frames before this one did not match; each frame is tested once
        synchronized (received) {
            while (true) {
                for (; checked < received.size(); checked++) {
                    JsonObject frame = received.get(checked);
                    if (wanted.test(frame)) {
                        return frame;
                    }
                }
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    String state = closed.isDone() ? "closed with " + closed.join() : "open";
                    throw new AssertionError("no matching frame within " + wait + " (socket " + state + "); received "
                            + describe(received));
                }
                try {
                    received.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Waits until as many received frames match as expected. */
    public void awaitCount(Predicate<JsonObject> wanted, long count) {
        await(any -> frames().stream().filter(wanted).count() >= count);
    }

    /** Waits for a chat item (a code 200 frame) whose parsed item matches, and returns the item. */
    public JsonObject awaitItem(Predicate<JsonObject> wanted) {
        return awaitItem(wanted, WAIT);
    }

    public JsonObject awaitItem(Predicate<JsonObject> wanted, Duration wait) {
        JsonObject frame = await(f -> f.getInt("code") == 200 && wanted.test(Jsons.parse(f.getString("data"))), wait);
        return Jsons.parse(frame.getString("data"));
    }

    public JsonObject awaitError(int code) {
        return await(f -> f.getInt("code") == code);
    }

    /** Every chat item received so far, parsed. */
    public List<JsonObject> items() {
        synchronized (received) {
            return received.stream().filter(f -> f.getInt("code") == 200)
                    .map(f -> Jsons.parse(f.getString("data"))).toList();
        }
    }

    /** When each received frame that matches arrived, in milliseconds of {@link System#nanoTime()}, in order. */
    public List<Long> arrivalMillis(Predicate<JsonObject> wanted) {
        synchronized (received) {
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < received.size(); i++) {
                if (wanted.test(received.get(i))) {
                    times.add(TimeUnit.NANOSECONDS.toMillis(arrivals.get(i)));
                }
            }
            return times;
        }
    }

    /**
     * Sends a message with its clientMsgId again and again, as a client waiting out a refusal would, until it is
     * acked; each refusal must have the given code and name the message. Fails on any other answer or after the wait.
     */
    public JsonObject chatUntilAcked(String roomNumber, String content, String clientMsgId, int refusedWith,
                                     Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        Predicate<JsonObject> answer = f -> f.containsKey("data") && f.get("data") instanceof JsonObject data
                && clientMsgId.equals(data.getString("clientMsgId", null));
        while (true) {
            long before = frames().stream().filter(answer).count();
            chat(roomNumber, content, clientMsgId);
            awaitCount(answer, before + 1);
            JsonObject last = frames().stream().filter(answer).reduce((first, second) -> second).orElseThrow();
            if (last.getInt("code") == 202) {
                return last;
            }
            if (last.getInt("code") != refusedWith) {
                throw new AssertionError("expected an ack or " + refusedWith + " for " + clientMsgId + ": " + last);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(clientMsgId + " still refused after " + wait + ": " + last);
            }
            // the next try after a pause, as a client backs off (well inside the default 5 messages a second)
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        }
    }

    public List<JsonObject> frames() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits for the server to close the socket, and returns the close code. */
    public int awaitClose() {
        return awaitClose(WAIT);
    }

    public int awaitClose(Duration wait) {
        return closed.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** The reason the server gave when it closed the socket (null before). */
    public String closeReason() {
        return closeReason;
    }

    /** When the server closed the socket (System.nanoTime), or 0 while it is open. */
    public long closedAt() {
        return closedAt;
    }

    public boolean isOpen() {
        return !closed.isDone() && !socket.isInputClosed();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonObject frame = Jsons.parse(partial.toString());
            partial.setLength(0);
            synchronized (received) {
                received.add(frame);
                arrivals.add(System.nanoTime());
                received.notifyAll();
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closedAt = System.nanoTime();
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        failure = error;
        closed.complete(-1);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
