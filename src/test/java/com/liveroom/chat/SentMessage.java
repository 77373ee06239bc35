package com.liveroom.chat;

import com.liveroom.support.Api;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** What the client knows about one message it sent: where to, how often, and what the server acknowledged. */
final class SentMessage {

    /** A {@code code:202} ack: the item's id and its seq in the room. */
    record Ack(long id, long seq) {
    }

    final String clientMsgId;
    final int peer;
    final Api.Room room;
    final String content;
    final AtomicInteger sends = new AtomicInteger();
    /** The first ack from the server that was later killed. */
    final AtomicReference<Ack> ackBeforeKill = new AtomicReference<>();
    /** The first ack from the restarted server. */
    final CompletableFuture<Ack> ackAfterRestart = new CompletableFuture<>();
    /** Acks that disagree with the first one of the same server run. */
    final List<String> conflicts = new CopyOnWriteArrayList<>();
    /** System.nanoTime() of the first send and of the first ack from the first server run. */
    volatile long firstSentAt;
    volatile long ackedBeforeKillAt;

    SentMessage(String clientMsgId, int peer, Api.Room room) {
        this.clientMsgId = clientMsgId;
        this.peer = peer;
        this.room = room;
        this.content = "cm:" + clientMsgId;
    }

    static String clientMsgIdOf(String content) {
        return content.startsWith("cm:") ? content.substring(3) : null;
    }

    void acked(int serverRun, Ack ack) {
        Ack first;
        if (serverRun == 1) {
            first = ackBeforeKill.compareAndExchange(null, ack);
            if (first == null) {
                ackedBeforeKillAt = System.nanoTime();
            }
        } else {
            first = ackAfterRestart.getNow(null);
            ackAfterRestart.complete(ack);
        }
        if (first != null && !first.equals(ack)) {
            conflicts.add("server run " + serverRun + " acked " + clientMsgId + " as " + first + " and then as " + ack);
        }
    }

    /** The ack a client would hold for it: the first one it got. */
    Ack ack() {
        Ack before = ackBeforeKill.get();
        return before != null ? before : ackAfterRestart.getNow(null);
    }
}
