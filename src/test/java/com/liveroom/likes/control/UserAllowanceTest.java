package com.liveroom.likes.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UserAllowanceTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aFreshUserMayTapOneSecondsWorthAtOnceAndNoMore() {
        var allowance = new UserAllowance(10, 0);
        assertEquals(10, allowance.take(50, 0));
        assertEquals(0, allowance.take(1, 0));
    }

    @Test
    void theAllowanceRefillsAtItsRateUpToOneSecondsWorth() {
        var allowance = new UserAllowance(10, 0);
        assertEquals(10, allowance.take(10, 0));
        assertEquals(1, allowance.take(5, SECOND / 10), "a tenth of a second brings one tap back");
        assertEquals(10, allowance.take(100, 60 * SECOND), "a minute's rest saves no more than a second's worth");
    }

    @Test
    void tapsAtTheRateAreAllTaken() {
        var allowance = new UserAllowance(10, 0);
        int taken = 0;
        for (int i = 1; i <= 1000; i++) {
            taken += allowance.take(1, i * SECOND / 10);
        }
        assertEquals(1000, taken);
    }

    @Test
    void aFullAllowanceHoldsNothingWorthKeeping() {
        var allowance = new UserAllowance(10, 0);
        assertTrue(allowance.isFull(0));
        allowance.take(3, 0);
        assertFalse(allowance.isFull(0));
        assertTrue(allowance.isFull(SECOND));
    }
}
