package com.liveroom.likes.control;

/**
 * One user's allowance of taps: {@code perSecond} a second, at most {@code perSecond} saved up (a token bucket whose
 * burst is one second's worth). Not thread-safe on its own: {@link Likes} takes from it under its lock.
 */
final class UserAllowance {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    UserAllowance(double perSecond, long now) {
        this.perNano = perSecond / 1_000_000_000d;
        this.burst = perSecond;
        this.tokens = perSecond;
        this.refilledAt = now;
    }

    /** Takes up to {@code wanted} taps and says how many were granted (0 to {@code wanted}). */
    int take(int wanted, long now) {
        tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        int granted = (int) Math.min(wanted, Math.floor(tokens));
        tokens -= granted;
        return granted;
    }

    /** An allowance that has refilled completely holds nothing worth keeping. */
    boolean isFull(long now) {
        return tokens + (now - refilledAt) * perNano >= burst;
    }
}
