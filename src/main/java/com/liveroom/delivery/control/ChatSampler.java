package com.liveroom.delivery.control;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One room's chat budget at work: how fast its viewers are talking, and which sampling slot each of their messages
 * falls in. When the room's chat rate is over the budget (at most {@code budget} viewer messages a second to each
 * member), it is split into {@code k} slots, k = ⌈rate / budget⌉, and each run of k messages is dealt one to each slot
 * in a shuffled order; a member takes the messages of one slot ({@link Member#lot} mod k). So every member gets an
 * even sample of about {@code budget} a second, the members together get every message, and members still share the
 * frames and writes of their slot. The shuffle keeps a member from always hearing the same of several senders who
 * take turns.
 * <p>
 * It also holds what decides the class of an item (who runs the room: their messages are essential), the overload
 * governor's cap on the budget ({@link #lower}, {@link #raise}), the last time each ambient value was put in the log,
 * and what was shed, for the metrics.
 * <p>
 * Concurrency: the fan-out thread's alone, like its room ({@link RoomLog}).
 */
final class ChatSampler {

    /** The most slots: beyond it a member's share of a torrent is no longer bounded by the budget, only lowered. */
    static final int MAX_SLOTS = 1000;
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

    private int[] order = new int[0];
    private int dealt;

    private final Map<String, Long> ambientAt = new HashMap<>();
    /** Ambient values that came sooner than an interval after the last of their kind: the latest of each waits. */
    final Map<String, WireFrame> held = new HashMap<>();
    long shedChat;
    long shedAmbient;
    /** The slowest pass of the room's frames since the governor last looked. */
    long slowestPassNanos;

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

    /** The budget in force: the room's, or less while the governor holds it back; 0 when off. */
    int effective() {
        return budget == 0 ? 0 : Math.min(budget, cap);
    }

    /**
     * Counts one viewer message now and deals it its slot: packed as {@code slots << 32 | slot}, or 0 when every
     * member is to get it. The slots follow the rate; should a burst have given each member its budget's worth (and
     * 5 %) in the last second already, the message goes to fewer members still (twice the slots, and again), so
     * that the budget holds in a burst too, not only on average.
     */
    long deal(long now) {
        int rate = count(now);
        int effective = effective();
        int current = slot(bucket);
        if (effective == 0 || rate <= effective) {
            dealt = order.length;
            given[current] += 1;
            return 0;
        }
        double owed = 0;
        for (long b = bucket - BUCKETS + 2; b <= bucket; b++) {
            owed += given[slot(b)];
        }
        int slots = (int) Math.min(MAX_SLOTS, (rate + effective - 1) / effective);
        // a steady rate keeps the members' share at the budget by itself; this only catches bursts
        while (slots < MAX_SLOTS && owed + 1.0 / slots > effective * BURST_TOLERANCE) {
            slots = Math.min(MAX_SLOTS, slots * 2);
        }
        given[current] += 1.0 / slots;
        if (slots != order.length || dealt >= slots) {
            if (slots != order.length) {
                order = new int[slots];
            }
            for (int i = 0; i < slots; i++) {
                order[i] = i;
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = slots - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            dealt = 0;
        }
        return ((long) slots << 32) | order[dealt++];
    }

    /**
     * The room's viewer messages a second: those of the last ten whole tenths of a second (steady under a steady
     * rate), or, when more, five times those of the last fifth of a second (so that a surge is met at once).
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
        int recent = buckets[slot(current)] + buckets[slot(current - 1)];
        return Math.max(second, recent * 5);
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

    /** The governor: the room's members fall behind, so each is given less chat (down to one message a second). */
    void lower() {
        if (budget == 0) {
            return;
        }
        cap = Math.max(1, effective() * 7 / 10);
        calm = 0;
    }

    /** The governor: the room keeps up; after three calm looks in a row its budget grows back towards the setting. */
    void raise() {
        if (cap == Integer.MAX_VALUE || ++calm < 3) {
            return;
        }
        calm = 0;
        int more = cap + cap / 5 + 1;
        cap = more >= budget ? Integer.MAX_VALUE : more;
    }
}
