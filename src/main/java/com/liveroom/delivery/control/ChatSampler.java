package com.liveroom.delivery.control;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One room's chat budget at work: how fast its viewers are talking, and which members each of their messages goes
 * to. When the room's chat rate is over the budget B (viewer messages a second to each member), each message is
 * given to a share p = B / rate of the members: the message draws a ticket on a circle, the next
 * point of a golden-ratio sequence, and goes to the members whose phase ({@link Member#phase}) lies within p of the
 * circle behind it. The sequence spreads any run of tickets evenly round the circle, so every member gets an even
 * sample of about B a second (not the first B of each second, and not always the same one of several senders who
 * take turns), the share can follow the rate without starting over, the members together get every message, and
 * members with nearby phases take the same messages and so share the frames and the write of a pass.
 * <p>
 * It also holds what decides the class of an item (who runs the room: their messages are essential), the overload
 * governor's cap on the budget ({@link #lower}, {@link #raise}), the last time each ambient value was put in the log,
 * and what was shed, for the metrics.
 * <p>
 * Concurrency: the fan-out thread's alone, like its room ({@link RoomLog}).
 */
final class ChatSampler {

    /** The circle of tickets and phases. */
    static final int CIRCLE = Integer.MAX_VALUE;
    /** The golden ratio's fraction of the circle: each ticket is this far round from the one before. */
    private static final int STEP = (int) Math.round(0.6180339887498949 * CIRCLE);
    /** The smallest share of the members a message goes to. */
    private static final int LEAST = CIRCLE / 10_000;
    private static final long BUCKET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Tenths of a second: the ten whole ones before the current one. */
    private static final int BUCKETS = 11;
    private static final double BURST_TOLERANCE = 1.05;

    /** The room's budget: viewer messages a second to each member; 0 is off (everything is sent). */
    private int budget;
    /** The overload governor's cap on the budget; {@link Integer#MAX_VALUE} when it is not holding the room back. */
    private int cap = Integer.MAX_VALUE;
    private int calm;
    private Set<Long> runners = Set.of();

    /** Viewer messages per 100 ms, over the last second and the current tenth. */
    private final int[] buckets = new int[BUCKETS];
    /** What each member was given of them on average, per 100 ms, over the last second. */
    private final double[] given = new double[BUCKETS];
    private long bucket = Long.MIN_VALUE;
    private static final int RECENT = 64;
    /** When the last {@value #RECENT} messages came ({@link System#nanoTime()}), round a ring. */
    private final long[] recent = new long[RECENT];
    private int heard;

    private int ticket;

    private final Map<String, Long> ambientAt = new HashMap<>();
    /** Ambient values that came sooner than an interval after the last of their kind: the latest of each waits. */
    final Map<String, WireFrame> held = new HashMap<>();
    long shedChat;
    long shedAmbient;
    /** The room's passes since the governor last looked: how many, and how long they took in all. */
    int passes;
    long passNanos;
    /** How many looks in a row found a pass over its budget. */
    int slowSweeps;

    /** The room's setting, and who runs it (host and moderators), as the rules say now. */
    void rules(int budget, Set<Long> runners) {
        if (budget != this.budget) {
            cap = Integer.MAX_VALUE;
            calm = 0;
        }
        this.budget = Math.max(0, budget);
        this.runners = Set.copyOf(runners);
    }

    /** Whether the user's messages are essential in this room. */
    boolean runs(long user) {
        return runners.contains(user);
    }

    int budget() {
        return budget;
    }

    /**
     * The budget in force: the room's, or less while the governor holds it back; 0 when there is none (a room with no
     * budget of its own that keeps up).
     */
    int effective() {
        if (budget == 0) {
            return cap == Integer.MAX_VALUE ? 0 : cap;
        }
        return Math.min(budget, cap);
    }

    /**
     * Counts one viewer message now and deals it a ticket and a share of the members: packed as
     * {@code ticket << 32 | share} (both out of {@link #CIRCLE}), or 0 when every member is to get it. The share
     * follows the rate; should a burst have given each member its budget's worth (and 5 %) in the last second
     * already, the message goes to fewer members still, so that the budget holds in a burst too, not only on average.
     */
    long deal(long now) {
        int rate = count(now);
        int effective = effective();
        int current = slot(bucket);
        if (effective == 0 || rate <= effective) {
            given[current] += 1;
            return 0;
        }
        double owed = 0;
        for (long b = bucket - BUCKETS + 2; b <= bucket; b++) {
            owed += given[slot(b)];
        }
        // a steady rate keeps the members' share at the budget by itself; the second bound only catches bursts
        double share = Math.min((double) effective / rate, effective * BURST_TOLERANCE - owed);
        int width = (int) Math.max(LEAST, Math.min(CIRCLE - 1, share * CIRCLE));
        given[current] += (double) width / CIRCLE;
        ticket = (int) (((long) ticket + STEP) % CIRCLE);
        return ((long) ticket << 32) | width;
    }

    /** Whether a member of this phase is given a message of this ticket and share. */
    static boolean takes(int phase, int ticket, int width) {
        return Math.floorMod((long) ticket - phase, CIRCLE) < width;
    }

    /**
     * The room's viewer messages a second: those of the last ten whole tenths of a second (steady under a steady
     * rate), or in a surge (twice as many) the pace of the last {@value #RECENT} messages, over a twentieth of a second
     * at least.
     */
    private int count(long now) {
        long current = now / BUCKET_NANOS;
        if (bucket == Long.MIN_VALUE || current - bucket >= BUCKETS) {
            Arrays.fill(buckets, 0);
            Arrays.fill(given, 0);
        } else {
            for (long b = bucket + 1; b <= current; b++) {
                buckets[slot(b)] = 0;
                given[slot(b)] = 0;
            }
        }
        bucket = current;
        buckets[slot(current)]++;
        int second = 0;
        for (long b = current - BUCKETS + 1; b < current; b++) {
            second += buckets[slot(b)];
        }
        long oldest = recent[heard % RECENT];
        recent[heard % RECENT] = now;
        heard++;
        int span = Math.min(heard, RECENT);
        long took = heard > RECENT ? now - oldest : now - recent[0];
        int pace = (int) Math.min(Integer.MAX_VALUE, span * 1_000_000_000L / Math.max(took, BUCKET_NANOS / 2));
        // commits come in bursts, which make the pace of a few dozen messages jitter: only a surge counts
        return pace > 2 * second ? pace : second;
    }

    /** The room's viewer messages of the last second or so (ten whole tenths and the current one), counting none. */
    int rate(long now) {
        if (bucket == Long.MIN_VALUE) {
            return 0;
        }
        long current = now / BUCKET_NANOS;
        int second = 0;
        // the tenths after the last message are empty, and the ring holds only the last BUCKETS of them
        for (long b = Math.max(current - BUCKETS + 1, bucket - BUCKETS + 1); b <= Math.min(current, bucket); b++) {
            second += buckets[slot(b)];
        }
        return second;
    }

    private static int slot(long bucket) {
        return (int) Math.floorMod(bucket, BUCKETS);
    }

    /** Whether an ambient value of this kind may go in the log now (the last one went in at least an interval ago). */
    boolean ambientDue(String key, long now, long intervalNanos) {
        Long last = ambientAt.get(key);
        return last == null || now - last >= intervalNanos;
    }

    void ambientSent(String key, long now) {
        ambientAt.put(key, now);
    }

    /**
     * The governor: the room's members fall behind, so each is given less chat (down to one message a second): 30 %
     * less than the budget in force, or, in a room with no budget of its own, than the rate its viewers talk at.
     */
    void lower(long now) {
        int ceiling = effective() > 0 ? effective() : rate(now);
        if (ceiling == 0) {
            // no viewer is talking: there is no chat to shed, and the members are behind for another reason
            return;
        }
        cap = Math.max(1, ceiling * 7 / 10);
        calm = 0;
    }

    /**
     * The governor: the room keeps up; after three calm looks in a row its budget grows back by a fifth, and is
     * released once it reaches the room's setting (or, with none, the rate the viewers talk at).
     */
    void raise(long now) {
        if (cap == Integer.MAX_VALUE || ++calm < 3) {
            return;
        }
        calm = 0;
        int more = cap + cap / 5 + 1;
        int ceiling = budget > 0 ? budget : rate(now);
        cap = more >= ceiling ? Integer.MAX_VALUE : more;
    }
}
