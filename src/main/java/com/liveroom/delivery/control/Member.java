package com.liveroom.delivery.control;

import com.liveroom.identity.control.Tokens;
import jakarta.websocket.Session;
import jakarta.websocket.CloseReason;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One member's socket: who it is, which rooms it has asked into, where it stands in each room's log, and the
 * frames meant for it alone. Kept small on purpose, since a room holds tens of thousands of them: no queue, map or
 * lock of its own unless it is behind.
 * <p>
 * Concurrency, field by field: the endpoint's thread (one frame at a time) signs the member in and notes what it
 * hears; the sweeper reads those volatile fields; {@link #seats}, {@link #direct}, {@link #writing},
 * {@link #closeWhenWritten} and the cursors belong to the fan-out thread alone ({@link FanOut}); {@link #joined} is copied on write under the
 * member's lock, so any thread may read it.
 */
public final class Member {

    private static final long[] NONE = {};

    private final Session session;
    private final Pipe pipe;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final long openedAt = System.nanoTime();
    /** Where on the circle of a room's tickets this member stands: which viewer messages it takes ({@link ChatSampler}). */
    final int phase = ThreadLocalRandom.current().nextInt(ChatSampler.CIRCLE);
    private volatile long lastHeard = openedAt;
    private volatile String token;
    private volatile Tokens.Verified identity;
    /** Rooms this socket asked into, joined or on its way in; read by any thread. */
    private volatile long[] joined = NONE;

    // fan-out thread only
    Seat[] seats = new Seat[0];
    ArrayDeque<WireFrame> direct;
    int directBytes;
    boolean writing;
    CloseReason closeWhenWritten;

    Member(Session session, Pipe pipe) {
        this.session = session;
        this.pipe = pipe;
    }

    public String id() {
        return session.getId();
    }

    Session session() {
        return session;
    }

    Pipe pipe() {
        return pipe;
    }

    /** Notes that the client sent something: a socket that sends nothing for long is closed (SocketSweeper). */
    public void heard() {
        lastHeard = System.nanoTime();
    }

    /** When the socket opened, in {@link System#nanoTime()}. */
    long openedAt() {
        return openedAt;
    }

    /** When the client last sent anything, in {@link System#nanoTime()}. */
    long lastHeard() {
        return lastHeard;
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

    /** The signed-in user's id, or -1 before sign-in. */
    public long userId() {
        Tokens.Verified who = identity;
        return who == null ? -1 : who.caller().id();
    }

    /** Whether the socket asked into the room (frames after a join may speak there at once). */
    public boolean isIn(long streamId) {
        for (long room : joined) {
            if (room == streamId) {
                return true;
            }
        }
        return false;
    }

    public int roomCount() {
        return joined.length;
    }

    /** Counts the room as joined; its join answer follows from the fan-out thread. */
    public synchronized void enter(long streamId) {
        if (!isIn(streamId)) {
            long[] more = Arrays.copyOf(joined, joined.length + 1);
            more[joined.length] = streamId;
            joined = more;
        }
    }

    /** The socket is out of the room (it left, was refused, or was banned). */
    synchronized void exit(long streamId) {
        joined = Arrays.stream(joined).filter(room -> room != streamId).toArray();
    }

    synchronized void exitAll() {
        joined = NONE;
    }

    /** Marks the socket as closing; true for the one call that did. From then on nothing more is written to it. */
    boolean markClosing() {
        return closing.compareAndSet(false, true);
    }

    public boolean isClosed() {
        return closing.get();
    }

    /** Where a member stands in one room's log: the position of the next entry it is to be given. */
    static final class Seat {
        final RoomLog room;
        final Member member;
        long cursor;
        /** Where the seat is in its room's list, so that leaving costs no search. */
        int index;
        /** The room's viewer messages not given to this member since it was last told: their seqs' span and count. */
        long skipFrom;
        long skipTo;
        int skipped;
        /** How many of the governor's looks in a row found this member behind (a write pending, or far back). */
        int behind;
        /** How many of the governor's looks in a row found this member a quarter of the room's log back. */
        int farBehind;
        /** When it was last told what it was not given ({@link System#nanoTime()}). */
        long toldAt = System.nanoTime() - (1L << 40);

        /** Counts a viewer message of the room not given to this member. */
        void skip(long seq) {
            if (skipped == 0) {
                skipFrom = seq;
            }
            skipTo = seq;
            skipped++;
        }

        Seat(RoomLog room, Member member, long cursor) {
            this.room = room;
            this.member = member;
            this.cursor = cursor;
        }
    }
}
