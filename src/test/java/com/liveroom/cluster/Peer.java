package com.liveroom.cluster;

import com.liveroom.support.Api;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A chat client that may move between servers: it keeps every socket it opened, so what it received is the frames
 * of all of them in order, and when it reconnects it resumes each room from the last {@code seq} it has. Every
 * message it sends carries a {@code clientMsgId}; a message counts as acknowledged once a {@code code:202} names it.
 */
final class Peer implements AutoCloseable {

    final String name;
    final Api.Guest guest;
    private final List<SocketClient> sockets = new CopyOnWriteArrayList<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile SocketClient current;
    private int counter;

    record Sent(String clientMsgId, Api.Room room, String content) {
    }

    Peer(String name, Api.Guest guest) {
        this.name = name;
        this.guest = guest;
    }

    void connect(URI socket) {
        current = SocketClient.withHeader(socket, guest.token());
        sockets.add(current);
    }

    void join(Api.Room room) {
        current.joined(room.roomNumber());
    }

    /** Joins again from the last seq this peer has of the room; returns the server's 201 (or 410) frame. */
    JsonObject resume(Api.Room room, String epoch) {
        current.resume(room.roomNumber(), lastSeq(room), epoch);
        return current.await(f -> (f.getInt("code") == 201 || f.getInt("code") == 410)
                && room.roomNumber().equals(f.getJsonObject("data").getString("topic")));
    }

    /** Sends a new message to the room; false when the socket would not take it (it stays pending). */
    boolean sendNew(Api.Room room, String tag) {
        Sent message;
        synchronized (this) {
            String clientMsgId = name + "-" + (++counter);
            message = new Sent(clientMsgId, room, tag + ":" + clientMsgId);
        }
        sent.add(message);
        return send(message);
    }

    /** Sends a message (again), with its clientMsgId. */
    boolean send(Sent message) {
        try {
            current.chat(message.room().roomNumber(), message.content(), message.clientMsgId());
            return true;
        } catch (AssertionError | RuntimeException e) {
            return false;
        }
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The seq each acknowledged message was stored at, by clientMsgId; a second, different ack is an error. */
    Map<String, Long> acks() {
        Map<String, Long> acks = new HashMap<>();
        for (SocketClient socket : sockets) {
            for (JsonObject frame : socket.frames()) {
                if (frame.getInt("code") == 202) {
                    JsonObject data = frame.getJsonObject("data");
                    long seq = data.getJsonNumber("seq").longValue();
                    Long earlier = acks.putIfAbsent(data.getString("clientMsgId"), seq);
                    if (earlier != null && earlier != seq) {
                        throw new AssertionError(name + ": " + data.getString("clientMsgId") + " acked as seq "
                                + earlier + " and as " + seq);
                    }
                }
            }
        }
        return acks;
    }

    List<Sent> unacknowledged() {
        Map<String, Long> acks = acks();
        return sent.stream().filter(m -> !acks.containsKey(m.clientMsgId())).toList();
    }

    /** The seqs of the room's items this peer received, over all its sockets, in the order they arrived. */
    List<Long> seqs(Api.Room room) {
        List<Long> seqs = new ArrayList<>();
        for (SocketClient socket : sockets) {
            socket.items().stream().filter(i -> i.getJsonNumber("stream").longValue() == room.id())
                    .forEach(i -> seqs.add(i.getJsonNumber("seq").longValue()));
        }
        return seqs;
    }

    long lastSeq(Api.Room room) {
        List<Long> seqs = seqs(room);
        return seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
    }

    /** Frames other than chat items, acks and joins: refusals the test did not expect. */
    List<JsonObject> refusals() {
        List<JsonObject> refusals = new ArrayList<>();
        sockets.forEach(s -> s.frames().stream().filter(f -> f.getInt("code") >= 400 && f.getInt("code") != 410)
                .forEach(refusals::add));
        return refusals;
    }

    SocketClient socket() {
        return current;
    }

    /** Drops the current socket without a closing handshake. */
    void abort() {
        SocketClient socket = current;
        if (socket != null) {
            socket.close();
        }
    }

    @Override
    public void close() {
        sockets.forEach(s -> {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // closing is best effort
            }
        });
    }

    /** Polls a condition until it holds or the deadline passes. */
    static void await(String what, Duration within, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " did not happen within " + within);
            }
            // the state is spread over several sockets: polling it is simpler than wiring a latch into each
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
