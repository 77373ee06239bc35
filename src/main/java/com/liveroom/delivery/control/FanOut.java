package com.liveroom.delivery.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one thread that writes to sockets. Everything that reaches members (committed items, room events, joins,
 * frames for one member, the completion of a write that had to wait) is a task on its queue; after each run of
 * tasks, a pass writes each room's new frames to its members ({@link RoomRegistry}), joined into one write per
 * member. A pass that takes longer gathers more frames for the next one, so the cost per frame falls as load rises.
 * It never waits on a socket: a write either completes at once or completes later and comes back as a task.
 * <p>
 * Commits and fan-out overlap: the chat writer only queues its committed items here.
 * <p>
 * Concurrency: the queue is the only state shared with other threads; {@link RoomRegistry}'s rooms and members'
 * cursors are this thread's alone. The thread is made with the application ({@link ManagedThreadFactory}), so it
 * carries the application's context and no caller's.
 */
@ApplicationScoped
public class FanOut {

    private static final Logger LOG = System.getLogger(FanOut.class.getName());
    private static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    @Resource
    ManagedThreadFactory threads;

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final List<Runnable> afterEachRun = new CopyOnWriteArrayList<>();
    private final List<Runnable> everySecond = new CopyOnWriteArrayList<>();
    private Thread thread;
    private volatile boolean running;

    void startWithTheApplication(@Observes Startup started) {
        // the thread starts with the application, not with its first caller
    }

    @PostConstruct
    void start() {
        running = true;
        thread = threads.newThread(this::run);
        thread.setName("liveroom-fan-out");
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Work to run after every run of tasks (the pass that writes what they produced). */
    public void afterEachRun(Runnable work) {
        afterEachRun.add(work);
    }

    /** Work to run about once a second, between runs of tasks. */
    public void everySecond(Runnable work) {
        everySecond.add(work);
    }

    /** Queues work for the fan-out thread; returns at once. */
    public void execute(Runnable task) {
        queue.add(task);
    }

    /** Runs a read of the rooms on the fan-out thread and hands back its result. */
    public <T> CompletableFuture<T> call(Supplier<T> read) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(read.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    public int queued() {
        return queue.size();
    }

    public boolean isFanOutThread() {
        return Thread.currentThread() == thread;
    }

    private void run() {
        List<Runnable> tasks = new ArrayList<>();
        long nextSweep = System.nanoTime() + SWEEP_NANOS;
        while (running) {
            try {
                Runnable first = queue.poll(SWEEP_NANOS, TimeUnit.NANOSECONDS);
                if (first != null) {
                    tasks.add(first);
                    queue.drainTo(tasks);
                    for (Runnable task : tasks) {
                        runSafely(task);
                    }
                    tasks.clear();
                }
                afterEachRun.forEach(FanOut::runSafely);
                if (System.nanoTime() - nextSweep >= 0) {
                    everySecond.forEach(FanOut::runSafely);
                    nextSweep = System.nanoTime() + SWEEP_NANOS;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "a fan-out task failed", e);
        }
    }
}
