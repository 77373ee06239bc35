package com.liveroom.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The throttle on its own: a real thread and clock, with the database replaced by a count per key and the room by a
 * list of pushes. A change "on another server" raises a key's count without telling this throttle, as a vote
 * committed elsewhere does.
 */
class ThrottledPushesTest {

    private static final long INTERVAL_MILLIS = 200;
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Map<Long, Integer> counts = new ConcurrentHashMap<>();
    private final List<Push> pushes = new ArrayList<>();
    private ThrottledPushes<Long, Integer> throttle;

    record Push(long key, int count, long atNanos) {
    }

    @BeforeEach
    void throttle() {
        throttle = new ThrottledPushes<>(Executors.defaultThreadFactory(), INTERVAL_MILLIS,
                key -> key < 0 ? Optional.empty() : Optional.of(counts.getOrDefault(key, 0)),
                (key, count) -> {
                    synchronized (pushes) {
                        pushes.add(new Push(key, count, System.nanoTime()));
                        pushes.notifyAll();
                    }
                });
    }

    @AfterEach
    void stop() {
        throttle.stop();
    }

    @Test
    void aFirstChangeIsPushedAtOnce() {
        long before = System.nanoTime();
        change(1);
        Push first = await(p -> p.key() == 1);
        assertEquals(1, first.count());
        assertTrue(first.atNanos() - before < TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS), "not held back");
    }

    @Test
    void manyChangesMakeFewPushesAtLeastAnIntervalApartAndTheLastCarriesTheFinalValue() throws InterruptedException {
        ScheduledExecutorService voter = Executors.newSingleThreadScheduledExecutor();
        voter.scheduleAtFixedRate(() -> change(1), 0, 5, TimeUnit.MILLISECONDS);
        try {
            await(p -> pushes(1).size() >= 4);
        } finally {
            voter.shutdown();
            assertTrue(voter.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        int finalCount = counts.get(1L);
        await(p -> p.count() == finalCount);
        quiet(3 * INTERVAL_MILLIS);
        List<Push> made = pushes(1);
        assertEquals(finalCount, made.get(made.size() - 1).count(), "the last push carries the final value: " + made);
        assertTrue(made.size() < finalCount / 4, made.size() + " pushes for " + finalCount + " changes");
        for (int i = 1; i < made.size(); i++) {
            long gapMillis = (made.get(i).atNanos() - made.get(i - 1).atNanos()) / 1_000_000;
            // the scheduler may run a task a hair early against System.nanoTime
            assertTrue(gapMillis >= INTERVAL_MILLIS - 5, "pushes " + gapMillis + " ms apart: " + made);
        }
    }

    @Test
    void aChangeCommittedElsewhereAfterAPushIsPushedByTheLookThatFollowsAndThenTheKeyRests() {
        change(1);
        await(p -> p.count() == 1);
        // another server's change: this throttle is not told, the database is
        counts.merge(1L, 1, Integer::sum);
        assertEquals(2, await(p -> p.count() == 2).count(), "the look an interval after the push finds it");
        quiet(3 * INTERVAL_MILLIS);
        assertEquals(2, pushes(1).size(), "with nothing new, the look after that pushes nothing: " + pushes(1));
    }

    @Test
    void aValueThatCameBackToTheOnePushedIsNotPushedAgain() {
        change(1);
        await(p -> p.count() == 1);
        counts.merge(1L, 1, Integer::sum);
        throttle.changed(1L);
        counts.merge(1L, -1, Integer::sum);
        throttle.changed(1L);
        quiet(3 * INTERVAL_MILLIS);
        assertEquals(1, pushes(1).size(), "a vote and its take-back within an interval: " + pushes(1));
    }

    @Test
    void eachKeyHasItsOwnThrottleAndAKeyWithNothingToReadPushesNothing() {
        change(1);
        change(1);
        change(2);
        throttle.changed(-1L);
        await(p -> p.key() == 2);
        await(p -> p.key() == 1 && p.count() == 2);
        Push second = pushes(2).get(0);
        assertTrue(second.atNanos() - pushes(1).get(0).atNanos() < TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS),
                "key 2 was not held back by key 1");
        quiet(2 * INTERVAL_MILLIS);
        assertEquals(List.of(), pushes(-1));
    }

    private void change(long key) {
        counts.merge(key, 1, Integer::sum);
        throttle.changed(key);
    }

    private List<Push> pushes(long key) {
        synchronized (pushes) {
            return pushes.stream().filter(p -> p.key() == key).toList();
        }
    }

    /** Lets the throttle run unwatched for a while: what it does meanwhile is looked at afterwards. */
    private static void quiet(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < until) {
            LockSupport.parkNanos(until - System.nanoTime());
        }
    }

    private Push await(Predicate<Push> wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (pushes) {
            while (true) {
                for (Push push : pushes) {
                    if (wanted.test(push)) {
                        return push;
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("no matching push within " + WAIT + ": " + pushes);
                }
                try {
                    pushes.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }
}
