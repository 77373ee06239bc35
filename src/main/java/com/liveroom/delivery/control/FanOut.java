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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one thread that writes to sockets. Everything that reaches members (committed items, room events, joins,
 * frames for one member, the completion of a write that had to wait) is a task on its queue; after each run of
 * tasks, a pass writes each room's new frames to its members ({@link RoomRegistry}), joined into one write per
 * member. After a pass that took some time, the next one waits as long again (up to
 * {@code liveroom.delivery.max-linger-ms}) to gather frames: the cost of a write is mostly the same whatever it carries,
 * so in a busy room each write carries more frames and the cost per frame falls as load rises; in a small room a pass
 * takes microseconds and nothing waits.
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

    @Inject
    DeliveryMetrics metrics;

    @Inject
    @ConfigProperty(name = "liveroom.delivery.max-linger-ms", defaultValue = "100")
    long maxLingerMs;

    private long maxLingerNanos;
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
        maxLingerNanos = TimeUnit.MILLISECONDS.toNanos(maxLingerMs);
        metrics.watchQueue(queue::size);
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

    private void run() {
        List<Runnable> tasks = new ArrayList<>();
        long nextSweep = System.nanoTime() + SWEEP_NANOS;
        long nextPass = System.nanoTime();
        boolean passDue = false;
        while (running) {
            try {
                long now = System.nanoTime();
                long wait = Math.min(nextSweep - now, passDue ? nextPass - now : SWEEP_NANOS);
                Runnable first = queue.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
                if (first != null) {
                    tasks.add(first);
                    queue.drainTo(tasks);
                    for (Runnable task : tasks) {
                        runSafely(task);
                    }
                    tasks.clear();
                    passDue = true;
                }
                if (passDue && System.nanoTime() - nextPass >= 0) {
                    long began = System.nanoTime();
                    afterEachRun.forEach(FanOut::runSafely);
                    long took = System.nanoTime() - began;
                    // a pass that took long lets the next one gather as much again: the busier the room, the more
                    // frames each write carries, and the thread never spends more than about half its time writing
                    nextPass = System.nanoTime() + Math.min(took, maxLingerNanos);
                    passDue = false;
                }
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
