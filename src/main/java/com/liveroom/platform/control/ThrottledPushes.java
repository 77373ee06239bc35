package com.liveroom.platform.control;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Pushes a changing value of each key (a question's votes, a poll's counts) to the room, throttled: at most one push
 * per key per interval, however fast it changes, and the last value always gets out. A change only marks its key;
 * the push reads the value as committed when it runs, so a push that runs after the last change carries the final
 * value.
 * <p>
 * Every push is followed, one interval later, by another look: when the value moved on since (a change committed
 * while the push was on its way, or on another server of a cluster, whose own push may reach members after this
 * one's), it is pushed again; when it did not, the key rests. So whichever server's push a member receives last,
 * that server read the value after the last change.
 * <p>
 * Concurrency: a concurrent map of slots, each changed under its own lock; reads and pushes run on one thread of
 * its own, never on the caller's. Give it a thread factory of the application (made with it, not in a request):
 * a task of the container's scheduled executor would run with a copy of the caller's request context, and the
 * container would then close that request's entity manager twice.
 *
 * @param <K> what a value is the value of
 * @param <V> the value; two equal values are the same, and the second is not pushed
 */
public final class ThrottledPushes<K, V> {

    private static final Logger LOG = System.getLogger(ThrottledPushes.class.getName());
    private static final int PRUNE_ABOVE = 10_000;

    private final ScheduledThreadPoolExecutor scheduler;
    private final long intervalNanos;
    private final Function<K, Optional<V>> read;
    private final BiConsumer<K, V> push;
    private final Map<K, Slot<V>> slots = new ConcurrentHashMap<>();

    /**
     * @param read the value now, as committed; empty when there is nothing to push (the key is gone)
     * @param push hands a value to the room
     */
    public ThrottledPushes(ThreadFactory threads, long intervalMillis, Function<K, Optional<V>> read,
                           BiConsumer<K, V> push) {
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads);
        this.scheduler.prestartAllCoreThreads();
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.read = read;
        this.push = push;
    }

    public void stop() {
        scheduler.shutdownNow();
    }

    /** Call after a change has committed. */
    public void changed(K key) {
        long now = System.nanoTime();
        Slot<V> slot = slots.computeIfAbsent(key, k -> new Slot<>());
        synchronized (slot) {
            if (slot.scheduled) {
                // the look already waiting reads the value after this change committed
                return;
            }
            schedule(key, slot, slot.pushed ? slot.pushedAt + intervalNanos - now : 0);
        }
        if (slots.size() > PRUNE_ABOVE) {
            prune(now);
        }
    }

    /** Under the slot's lock. */
    private void schedule(K key, Slot<V> slot, long delayNanos) {
        try {
            scheduler.schedule(() -> look(key, slot), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            slot.scheduled = true;
        } catch (RejectedExecutionException stopping) {
            LOG.log(Level.DEBUG, "nothing pushed while the application stops");
        }
    }

    private void look(K key, Slot<V> slot) {
        synchronized (slot) {
            // cleared before the value is read: a change committed after the read schedules the next look
            slot.scheduled = false;
        }
        Optional<V> value;
        try {
            value = read.apply(key);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not read the value of {0}: {1}", key, e.toString());
            return;
        }
        if (value.isEmpty()) {
            return;
        }
        synchronized (slot) {
            if (slot.pushed && Objects.equals(value.get(), slot.pushedValue)) {
                // nothing new since this server's last push: the key rests
                return;
            }
            slot.pushed = true;
            slot.pushedAt = System.nanoTime();
            slot.pushedValue = value.get();
            if (!slot.scheduled) {
                schedule(key, slot, intervalNanos);
            }
        }
        try {
            push.accept(key, value.get());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not push the value of {0}: {1}", key, e.toString());
        }
    }

    /** Forgets keys with nothing waiting whose last push is older than the interval. */
    private void prune(long now) {
        slots.values().removeIf(slot -> {
            synchronized (slot) {
                return !slot.scheduled && (!slot.pushed || now - slot.pushedAt > intervalNanos);
            }
        });
    }

    private static final class Slot<V> {
        boolean scheduled;
        boolean pushed;
        long pushedAt;
        V pushedValue;
    }
}
