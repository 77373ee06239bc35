package com.liveroom.limits.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aFreshUserMayTapOneSecondsWorthAtOnceAndNoMore() {
        var allowance = new TokenBucket(10, 10, 0);
        assertEquals(10, allowance.takeUpTo(50, 0));
        assertEquals(0, allowance.takeUpTo(1, 0));
    }

    @Test
    void theAllowanceRefillsAtItsRateUpToOneSecondsWorth() {
        var allowance = new TokenBucket(10, 10, 0);
        assertEquals(10, allowance.takeUpTo(10, 0));
        assertEquals(1, allowance.takeUpTo(5, SECOND / 10), "a tenth of a second brings one tap back");
        assertEquals(10, allowance.takeUpTo(100, 60 * SECOND), "a minute's rest saves no more than a second's worth");
    }

    @Test
    void tapsAtTheRateAreAllTaken() {
        var allowance = new TokenBucket(10, 10, 0);
        int taken = 0;
        for (int i = 1; i <= 1000; i++) {
            taken += allowance.takeUpTo(1, i * SECOND / 10);
        }
        assertEquals(1000, taken);
    }

    @Test
    void aFullAllowanceHoldsNothingWorthKeeping() {
        var allowance = new TokenBucket(10, 10, 0);
        assertTrue(allowance.isFull(0));
        allowance.takeUpTo(3, 0);
        assertFalse(allowance.isFull(0));
        assertTrue(allowance.isFull(SECOND));
    }

    @Test
    void droppingFullBucketsKeepsOnlyThoseStillRefilling() {
        var used = new TokenBucket(10, 10, 0);
        used.takeUpTo(3, 0);
        Map<Long, TokenBucket> buckets = new HashMap<>(Map.of(1L, new TokenBucket(10, 10, 0), 2L, used));
        TokenBucket.dropFull(buckets, SECOND / 10);
        assertEquals(Map.of(2L, used), buckets);
        TokenBucket.dropFull(buckets, SECOND);
        assertTrue(buckets.isEmpty());
    }
}
