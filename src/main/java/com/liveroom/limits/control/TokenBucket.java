package com.liveroom.limits.control;

import java.util.Map;

/**
 * A token bucket: {@code perSecond} tokens a second, at most {@code burst} saved up. Not thread-safe on its
 * own: its users take from it under the bucket's lock ({@link Limits} for messages and questions, likes for taps).
 */
public final class TokenBucket {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    public TokenBucket(double perSecond, double burst, long now) {
        this.perNano = perSecond / 1_000_000_000d;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = now;
    }

    /** Takes a token: 0 when one was there, else the nanoseconds until there will be one (nothing taken). */
    public long take(long now) {
        refill(now);
        if (tokens < 1) {
            return (long) Math.ceil((1 - tokens) / perNano);
        }
        tokens -= 1;
        return 0;
    }

    /** Takes as many of {@code wanted} tokens as there are, and says how many (0 to {@code wanted}). */
    public int takeUpTo(int wanted, long now) {
        refill(now);
        int granted = (int) Math.min(wanted, Math.floor(tokens));
        tokens -= granted;
        return granted;
    }

    /**
     * Drops the buckets that have refilled completely, each looked at under its lock: they hold no state worth
     * keeping, and a user who comes back gets a full one anew.
     */
    public static void dropFull(Map<?, TokenBucket> buckets, long now) {
        buckets.values().removeIf(bucket -> {
            synchronized (bucket) {
                return bucket.isFull(now);
            }
        });
    }

    /** A bucket that has refilled completely holds no state worth keeping. */
    boolean isFull(long now) {
        return Math.min(burst, tokens + (now - refilledAt) * perNano) >= burst;
    }

    private void refill(long now) {
        tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
    }
}
