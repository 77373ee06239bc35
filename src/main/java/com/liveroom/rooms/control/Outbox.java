package com.liveroom.rooms.control;

import jakarta.websocket.RemoteEndpoint;
import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The frames waiting to go to one member. Whoever queues a frame returns at once; one drain at a time, on
 * the {@link Senders}, writes them in order, so sends to a session never overlap. What is queued is bounded
 * in bytes: a member that falls further behind than that is given up instead of growing the server's memory.
 */
final class Outbox {

    private final RemoteEndpoint.Basic remote;
    private final Executor senders;
    private final long limitBytes;
    private final Runnable onOverflow;
    private final Runnable onSent;
    private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();

    Outbox(RemoteEndpoint.Basic remote, Executor senders, long limitBytes, Runnable onOverflow, Runnable onSent) {
        this.remote = remote;
        this.senders = senders;
        this.limitBytes = limitBytes;
        this.onOverflow = onOverflow;
        this.onSent = onSent;
    }

    /** Queues a frame; false when the member is too far behind and has been given up. */
    boolean offer(Outgoing frame) {
        if (queuedBytes.addAndGet(frame.bytes()) > limitBytes) {
            queuedBytes.addAndGet(-frame.bytes());
            onOverflow.run();
            return false;
        }
        queue.add(frame);
        if (draining.compareAndSet(false, true)) {
            try {
                senders.execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                draining.set(false);
            }
        }
        return true;
    }

    private void drain() {
        while (true) {
            Outgoing next;
            while ((next = queue.poll()) != null) {
                try {
                    remote.sendText(next.text());
                    onSent.run();
                } catch (IOException | RuntimeException gone) {
                    // the connection is going away; its close handler takes it out of its rooms
                    queue.clear();
                    queuedBytes.set(0);
                    draining.set(false);
                    return;
                } finally {
                    queuedBytes.addAndGet(-next.bytes());
                }
            }
            draining.set(false);
            // a frame queued after the last poll but before the release would otherwise wait for the next one
            if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }
}
