package com.liveroom.polls.control;

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
 * The results throttle on its own: a real scheduler and clock, with the database replaced by a version counter per
 * poll and the room by a list of pushes. A vote "on another server" raises a poll's version without telling this
 * ticker, as a vote committed elsewhere does.
 */
class ResultsTickerTest {

    private static final long INTERVAL_MILLIS = 200;
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Map<Long, Long> versions = new ConcurrentHashMap<>();
    private final List<PollResults> pushes = new ArrayList<>();
    private final List<Long> pushedAt = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    private ResultsTicker ticker;

    @BeforeEach
    void ticker() {
        scheduler = Executors.newScheduledThreadPool(2);
        ticker = new ResultsTicker();
        ticker.scheduler = scheduler;
        ticker.intervalMillis = INTERVAL_MILLIS;
        ticker.store = new PollStore() {
            @Override
            public Optional<PollResults> results(long pollId) {
                long version = versions.getOrDefault(pollId, 0L);
                return Optional.of(new PollResults(7, "12345678", pollId, List.of((int) version), (int) version, version));
            }
        };
        ticker.events = new PollEvents() {
            @Override
            public void results(PollResults results) {
                synchronized (pushes) {
                    pushes.add(results);
                    pushedAt.add(System.nanoTime());
                    pushes.notifyAll();
                }
            }
        };
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aFirstVoteIsPushedAtOnce() {
        vote(1);
        assertEquals(1, await(p -> p.pollId() == 1).version());
    }

    @Test
    void manyVotesMakeFewPushesAtLeastAnIntervalApartAndTheLastCarriesTheFinalCounts() {
        ScheduledExecutorService voter = Executors.newSingleThreadScheduledExecutor();
        voter.scheduleAtFixedRate(() -> vote(1), 0, 5, TimeUnit.MILLISECONDS);
        try {
            await(p -> pushes(1).size() >= 4);
        } finally {
            voter.shutdownNow();
        }
        long finalVersion = versions.get(1L);
        await(p -> p.version() == finalVersion);
        quiet(3 * INTERVAL_MILLIS);
        List<PollResults> made = pushes(1);
        assertEquals(finalVersion, made.get(made.size() - 1).version(), "the last push carries the final counts: " + made);
        synchronized (pushes) {
            for (int i = 1; i < pushedAt.size(); i++) {
                long gapMillis = (pushedAt.get(i) - pushedAt.get(i - 1)) / 1_000_000;
                assertTrue(gapMillis >= INTERVAL_MILLIS - 5, "pushes " + gapMillis + " ms apart");
            }
        }
    }

    @Test
    void aVoteCommittedElsewhereAfterAPushIsPushedByTheLookThatFollows() {
        vote(1);
        await(p -> p.version() == 1);
        // another server's vote: this ticker is not told, the database is
        versions.merge(1L, 1L, Long::sum);
        assertEquals(2, await(p -> p.version() == 2).version(), "the look an interval after the push finds it");
        quiet(3 * INTERVAL_MILLIS);
        assertEquals(2, pushes(1).size(), "with nothing new, the look after that pushes nothing: " + pushes(1));
    }

    @Test
    void eachPollHasItsOwnThrottle() {
        vote(1);
        vote(1);
        vote(2);
        await(p -> p.pollId() == 2);
        await(p -> p.pollId() == 1 && p.version() == 2);
    }

    private void vote(long pollId) {
        versions.merge(pollId, 1L, Long::sum);
        ticker.changed(pollId);
    }

    private List<PollResults> pushes(long pollId) {
        synchronized (pushes) {
            return pushes.stream().filter(p -> p.pollId() == pollId).toList();
        }
    }

    /** Lets the ticker run unwatched for a while: what it does meanwhile is looked at afterwards. */
    private static void quiet(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < until) {
            LockSupport.parkNanos(until - System.nanoTime());
        }
    }

    private PollResults await(Predicate<PollResults> wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (pushes) {
            while (true) {
                for (PollResults push : pushes) {
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
