package com.liveroom.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The same action sent several times at once: each call on a thread of its own (at most 64), all released together
 * once every thread is ready, and their answers in the order of the calls.
 */
public final class AtOnce {

    private static final int MOST_THREADS = 64;

    /** A call that knows which of the calls it is. */
    @FunctionalInterface
    public interface IndexedCall<T> {
        T run(int index) throws Exception;
    }

    /** {@code count} calls of {@code call}, with the indexes 0 to count - 1. */
    public static <T> List<T> run(int count, IndexedCall<T> call) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, MOST_THREADS));
        CountDownLatch ready = new CountDownLatch(Math.min(count, MOST_THREADS));
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                pending.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.run(index);
                }));
            }
            if (!ready.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the callers did not start");
            }
            go.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> answer : pending) {
                answers.add(answer.get(120, TimeUnit.SECONDS));
            }
            return Collections.unmodifiableList(answers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while the calls ran", e);
        } catch (Exception e) {
            throw new AssertionError("the calls did not complete", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** These calls, each once. */
    public static <T> List<T> run(List<Supplier<T>> calls) {
        return run(calls.size(), i -> calls.get(i).get());
    }

    /** The same call {@code count} times. */
    public static <T> List<T> times(int count, Supplier<T> call) {
        return run(count, i -> call.get());
    }

    private AtOnce() {
    }
}
