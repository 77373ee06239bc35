package com.liveroom.rooms.control;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The frames waiting to go to one member, sent one at a time through the asynchronous remote so that sends
 * to a session never overlap and no thread waits on a slow peer. What is queued is bounded in bytes: a member
 * that falls further behind than that is cut off instead of growing the server's memory.
 */
final class Outbox implements SendHandler {

    /** Set while a thread is inside {@link #pump}, so a send that completes at once does not recurse. */
    private static final ThreadLocal<Boolean> PUMPING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final RemoteEndpoint.Async remote;
    private final long limitBytes;
    private final Runnable onOverflow;
    private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile Outgoing inFlight;

    Outbox(RemoteEndpoint.Async remote, long limitBytes, Runnable onOverflow) {
        this.remote = remote;
        this.limitBytes = limitBytes;
        this.onOverflow = onOverflow;
    }

    /** Queues a frame; false when the member is too far behind and has been given up. */
    boolean offer(Outgoing frame) {
        if (queuedBytes.addAndGet(frame.bytes()) > limitBytes) {
            queuedBytes.addAndGet(-frame.bytes());
            onOverflow.run();
            return false;
        }
        queue.add(frame);
        pump();
        return true;
    }

    long queuedBytes() {
        return queuedBytes.get();
    }

    private void pump() {
        boolean outermost = !PUMPING.get();
        PUMPING.set(Boolean.TRUE);
        try {
            while (sending.compareAndSet(false, true)) {
                Outgoing next = queue.poll();
                if (next == null) {
                    sending.set(false);
                    // a frame queued after the poll but before the release would otherwise wait for the next one
                    if (queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                inFlight = next;
                try {
                    remote.sendText(next.text(), this);
                } catch (RuntimeException closed) {
                    onResult(new SendResult(closed));
                }
            }
        } finally {
            if (outermost) {
                PUMPING.set(Boolean.FALSE);
            }
        }
    }

    @Override
    public void onResult(SendResult result) {
        Outgoing sent = inFlight;
        if (sent != null) {
            queuedBytes.addAndGet(-sent.bytes());
        }
        sending.set(false);
        if (!result.isOK()) {
            // the connection is going away; its close handler removes it from its rooms
            queue.clear();
            queuedBytes.set(0);
            return;
        }
        if (!PUMPING.get()) {
            pump();
        }
    }
}
