package com.liveroom.rooms.control;

import com.liveroom.identity.control.Tokens;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
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
    /** The last seq of each room this socket was given; read and moved only on the chat writer's thread. */
    private final Map<Long, Long> delivered = new ConcurrentHashMap<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile String token;
    private volatile Tokens.Verified identity;
    private final long openedAt = System.nanoTime();
    private volatile long lastHeard = openedAt;

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

    /** Notes that the client sent something: a socket that sends nothing for long is closed (SocketSweeper). */
    public void heard() {
        lastHeard = System.nanoTime();
    }

    /** When the socket opened, in {@link System#nanoTime()}. */
    public long openedAt() {
        return openedAt;
    }

    /** When the client last sent anything, in {@link System#nanoTime()}. */
    public long lastHeard() {
        return lastHeard;
    }

    public void send(Outgoing frame) {
        if (!closing.get()) {
            outbox.offer(frame);
        }
    }

    public void send(String frame) {
        send(Outgoing.of(frame));
    }

    /** Where the socket stands in a room once its join is answered: it has, or is being sent, every item up to seq. */
    public void deliveredUpTo(long streamId, long seq) {
        delivered.put(streamId, seq);
    }

    /**
     * Whether the room's item at {@code seq} is new to this socket; if it is, it counts as given from now on. Items
     * reach a server by more than one way (its own commits, the data grid, a gap filled from the database), so the
     * same seq may come twice: the second time it is not new.
     */
    public boolean takes(long streamId, long seq) {
        Long last = delivered.get(streamId);
        if (last != null && seq <= last) {
            return false;
        }
        delivered.put(streamId, seq);
        return true;
    }

    /** Remembers a token that checked out, so the same token on later frames needs no second check; the
     * socket is closed when it expires (SocketSweeper). */
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

    /** Marks the socket as gone; from here on nothing is queued for it and no room keeps it. */
    public void closed() {
        closing.set(true);
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
