package com.liveroom.questions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The vote throttle on its own: a real scheduler and clock, with the database and the room replaced by counters. */
class VoteTickerTest {

    private static final long INTERVAL_MILLIS = 200;
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Map<Long, Integer> counts = new ConcurrentHashMap<>();
    private final List<Push> pushes = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    private VoteTicker ticker;

    record Push(long questionId, int votes, long atNanos) {
    }

    @BeforeEach
    void ticker() {
        scheduler = Executors.newScheduledThreadPool(2);
        ticker = new VoteTicker();
        ticker.scheduler = scheduler;
        ticker.intervalMillis = INTERVAL_MILLIS;
        ticker.questions = new Questions() {
            @Override
            public int votes(long questionId) {
                return counts.getOrDefault(questionId, 0);
            }
        };
        ticker.events = new QuestionEvents() {
            @Override
            public void votes(long streamId, long questionId, int votes) {
                synchronized (pushes) {
                    pushes.add(new Push(questionId, votes, System.nanoTime()));
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
        Push push = await(p -> p.questionId() == 1);
        assertEquals(1, push.votes());
    }

    @Test
    void manyVotesInOneIntervalMakeAtMostTwoPushesAndTheLastCarriesTheFinalCount() {
        long started = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            vote(1);
        }
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        await(p -> p.votes() == 100);
        List<Push> made = pushes(1);
        assertEquals(100, made.get(made.size() - 1).votes(), "the last push carries the final count: " + made);
        assertTrue(made.size() <= tookMillis / INTERVAL_MILLIS + 2, made.size() + " pushes in " + tookMillis + " ms");
    }

    @Test
    void pushesOfOneQuestionAreAtLeastAnIntervalApart() throws InterruptedException {
        ScheduledExecutorService voter = Executors.newSingleThreadScheduledExecutor();
        voter.scheduleAtFixedRate(() -> vote(1), 0, 5, TimeUnit.MILLISECONDS);
        try {
            await(p -> pushes(1).size() >= 4);
        } finally {
            voter.shutdown();
            assertTrue(voter.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        int finalCount = counts.get(1L);
        await(p -> p.votes() == finalCount);
        List<Push> made = pushes(1);
        for (int i = 1; i < made.size(); i++) {
            long gapMillis = (made.get(i).atNanos() - made.get(i - 1).atNanos()) / 1_000_000;
            // the scheduler may run a task a hair early against System.nanoTime
            assertTrue(gapMillis >= INTERVAL_MILLIS - 5, "pushes " + gapMillis + " ms apart: " + made);
        }
    }

    @Test
    void eachQuestionHasItsOwnThrottle() {
        vote(1);
        vote(1);
        vote(2);
        await(p -> p.questionId() == 2);
        await(p -> p.questionId() == 1 && p.votes() == 2);
        Push second = pushes(2).get(0);
        assertTrue(second.atNanos() - pushes(1).get(0).atNanos() < TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS),
                "question 2 was not held back by question 1");
    }

    private void vote(long questionId) {
        counts.merge(questionId, 1, Integer::sum);
        ticker.changed(7, questionId);
    }

    private List<Push> pushes(long questionId) {
        synchronized (pushes) {
            return pushes.stream().filter(p -> p.questionId() == questionId).toList();
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
