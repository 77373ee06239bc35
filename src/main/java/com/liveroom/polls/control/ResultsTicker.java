package com.liveroom.polls.control;

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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Pushes an open poll's counts to the room (241), throttled: at most one push per poll per interval, however fast
 * the votes come, and the last counts always get out. A vote only marks its poll as changed; the push reads the
 * counts as committed when it runs, so a push that runs after the last vote carries the final counts.
 * <p>
 * Every push is followed, one interval later, by a look at the poll: when its version moved on since (a vote
 * committed while the push was on its way, or on another server of a cluster, whose own push may reach members
 * after this one's), it is pushed again; when it did not, the poll's slot rests. So whichever server's frame a
 * member receives last, that server read the counts after the last vote: the last value a member gets is the final
 * one. Members also keep the counts of the highest {@code version} they have seen.
 * <p>
 * Concurrency: a concurrent map of slots, each changed under its own lock; reads and pushes run on one thread of
 * the ticker's own, never on the voter's request thread. That thread is made with the application, so it carries
 * no request's context (see the question board's {@code VoteTicker}, which does the same for question votes).
 */
@ApplicationScoped
public class ResultsTicker {

    private static final Logger LOG = System.getLogger(ResultsTicker.class.getName());
    private static final int PRUNE_ABOVE = 10_000;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    PollStore store;

    @Inject
    PollEvents events;

    @Inject
    @ConfigProperty(name = "liveroom.polls.results-push-millis", defaultValue = "1000")
    long intervalMillis;

    private final Map<Long, Slot> slots = new ConcurrentHashMap<>();
    ScheduledExecutorService scheduler;

    void startWithTheApplication(@Observes Startup started) {
        // observing is enough: the bean is made, and its thread started, now
    }

    @PostConstruct
    void start() {
        var executor = new ScheduledThreadPoolExecutor(1, threads);
        executor.prestartAllCoreThreads();
        scheduler = executor;
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }

    /** Call after a vote or take-back has committed. */
    public void changed(long pollId) {
        long now = System.nanoTime();
        Slot slot = slots.computeIfAbsent(pollId, Slot::new);
        synchronized (slot) {
            if (slot.scheduled) {
                // the read already waiting comes after this vote committed
                return;
            }
            schedule(slot, slot.pushed ? slot.pushedAt + interval() - now : 0);
        }
        if (slots.size() > PRUNE_ABOVE) {
            prune(now);
        }
    }

    /** Under the slot's lock. */
    private void schedule(Slot slot, long delayNanos) {
        try {
            scheduler.schedule(() -> look(slot), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            slot.scheduled = true;
        } catch (RejectedExecutionException stopping) {
            LOG.log(Level.DEBUG, "no poll results pushed while the application stops");
        }
    }

    private void look(Slot slot) {
        synchronized (slot) {
            // cleared before the counts are read: a vote committed after the read schedules the next look
            slot.scheduled = false;
        }
        Optional<PollResults> results;
        try {
            results = store.results(slot.pollId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not read the results of poll {0}: {1}", slot.pollId, e.toString());
            return;
        }
        if (results.isEmpty()) {
            return;
        }
        synchronized (slot) {
            if (slot.pushed && results.get().version() == slot.pushedVersion) {
                // nothing new since this server's last push: the slot rests
                return;
            }
            slot.pushed = true;
            slot.pushedAt = System.nanoTime();
            slot.pushedVersion = results.get().version();
            if (!slot.scheduled) {
                schedule(slot, interval());
            }
        }
        try {
            events.results(results.get());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not push the results of poll {0}: {1}", slot.pollId, e.toString());
        }
    }

    private long interval() {
        return TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    }

    /** Forgets polls with nothing waiting whose last push is older than the interval. */
    private void prune(long now) {
        slots.values().removeIf(slot -> {
            synchronized (slot) {
                return !slot.scheduled && (!slot.pushed || now - slot.pushedAt > interval());
            }
        });
    }

    private static final class Slot {
        final long pollId;
        boolean scheduled;
        boolean pushed;
        long pushedAt;
        long pushedVersion;

        Slot(long pollId) {
            this.pollId = pollId;
        }
    }
}
