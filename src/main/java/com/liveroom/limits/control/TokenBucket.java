package com.liveroom.limits.control;

/**
 * A token bucket: {@code perSecond} tokens a second, at most {@code burst} saved up. Not thread-safe on its
 * own; {@link Limits} takes one at a time under the bucket's lock.
 */
final class TokenBucket {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    TokenBucket(double perSecond, double burst, long now) {
        this.perNano = perSecond / 1_000_000_000d;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = now;
    }

    /** Takes a token: 0 when one was there, else the nanoseconds until there will be one (nothing taken). */
    long take(long now) {
        tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        if (tokens < 1) {
            return (long) Math.ceil((1 - tokens) / perNano);
        }
        tokens -= 1;
        return 0;
    }

    /** A bucket that has refilled completely holds no state worth keeping. */
    boolean isFull(long now) {
        return Math.min(burst, tokens + (now - refilledAt) * perNano) >= burst;
    }
}
