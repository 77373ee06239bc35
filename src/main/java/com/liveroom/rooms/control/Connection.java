package com.liveroom.rooms.control;

import com.liveroom.identity.control.Tokens;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One member's socket: who it is, which rooms it has joined, and its outbox. Frames of one connection are
 * handled one after another by its endpoint; the broadcaster only ever calls {@link #send}.
 */
public final class Connection {

    private static final Logger LOG = System.getLogger(Connection.class.getName());

    private final Session session;
    private final Executor senders;
    private final Outbox outbox;
    private final Set<Long> rooms = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile String token;
    private volatile Tokens.Verified identity;
    private volatile ScheduledFuture<?> deadline;

    public Connection(Session session, Executor senders, long outboxBytes, ChatMetrics metrics) {
        this.session = session;
        this.senders = senders;
        this.outbox = new Outbox(session.getBasicRemote(), senders, outboxBytes, () -> {
            if (closeOnce(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow: reconnect and resume")) {
                metrics.slowConsumerClosed();
            }
        }, metrics::frameSent);
    }

    public String id() {
        return session.getId();
    }

    public void send(Outgoing frame) {
        if (!closing.get()) {
            outbox.offer(frame);
        }
    }

    public void send(String frame) {
        send(Outgoing.of(frame));
    }

    /** Remembers a token that checked out, so the same token on later frames needs no second check. */
    public void authenticate(String token, Tokens.Verified identity) {
        this.token = token;
        this.identity = identity;
    }

    public boolean knows(String token) {
        return token.equals(this.token);
    }

    public Optional<Tokens.Verified> identity() {
        return Optional.ofNullable(identity);
    }

    public Set<Long> rooms() {
        return rooms;
    }

    public boolean isIn(long streamId) {
        return rooms.contains(streamId);
    }

    /** Replaces the socket's deadline (sign in soon; the token's end) with a new one. */
    public void deadline(ScheduledFuture<?> next) {
        ScheduledFuture<?> previous = deadline;
        deadline = next;
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** Marks the socket as gone; from here on nothing is queued for it and no room keeps it. */
    public void closed() {
        closing.set(true);
        deadline(null);
    }

    public boolean isClosed() {
        return closing.get();
    }

    /**
     * Closes the socket with a reason. Writing the close frame can block like any write, so it happens on a
     * sender thread; from this moment on nothing more is queued for the socket.
     */
    public void close(CloseReason.CloseCode code, String reason) {
        closeOnce(code, reason);
    }

    /** Closes the socket unless it is already closing; true when this call closed it. */
    private boolean closeOnce(CloseReason.CloseCode code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return false;
        }
        senders.execute(() -> {
            try {
                session.close(new CloseReason(code, reason));
            } catch (IOException | IllegalStateException e) {
                LOG.log(Level.DEBUG, "closing a connection that is already gone", e);
            }
        });
        return true;
    }
}
