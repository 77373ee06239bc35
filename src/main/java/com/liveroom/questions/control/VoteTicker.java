package com.liveroom.questions.control;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Pushes vote counts to the room, throttled: at most one push per question per interval, however fast the
 * votes come, and the last count always gets out. A vote only marks its question as changed; the push reads
 * the count as committed when it runs, so a push that runs after the last vote carries the final count.
 * <p>
 * Concurrency: a concurrent map of slots, each changed under its own lock; pushes run on one thread of the
 * ticker's own, never on the voter's request thread. That thread is made with the application, so it carries
 * no request's context: a task of the container's scheduled executor would run with a copy of the voter's
 * request context, and the container would then close that request's entity manager twice.
 */
@ApplicationScoped
public class VoteTicker {

    private static final Logger LOG = System.getLogger(VoteTicker.class.getName());
    private static final int PRUNE_ABOVE = 10_000;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Questions questions;

    @Inject
    QuestionEvents events;

    @Inject
    @ConfigProperty(name = "liveroom.questions.vote-push-millis", defaultValue = "1000")
    long intervalMillis;

    private final Map<Long, Slot> slots = new ConcurrentHashMap<>();
    ScheduledExecutorService scheduler;

    void startWithTheApplication(@Observes Startup started) {
        // observing is enough: the bean is made, and its schedule started, now
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
    public void changed(long streamId, long questionId) {
        long now = System.nanoTime();
        Slot slot = slots.computeIfAbsent(questionId, id -> new Slot(streamId, id));
        synchronized (slot) {
            if (slot.scheduled) {
                // the push already waiting reads the count after this vote committed
                return;
            }
            long dueNanos = slot.pushed ? slot.pushedAt + TimeUnit.MILLISECONDS.toNanos(intervalMillis) - now : 0;
            try {
                scheduler.schedule(() -> push(slot), Math.max(0, dueNanos), TimeUnit.NANOSECONDS);
                slot.scheduled = true;
            } catch (RejectedExecutionException stopping) {
                LOG.log(Level.DEBUG, "no vote push while the application stops");
            }
        }
        if (slots.size() > PRUNE_ABOVE) {
            prune(now);
        }
    }

    private void push(Slot slot) {
        synchronized (slot) {
            // cleared before the count is read: a vote committed after the read schedules the next push
            slot.scheduled = false;
            slot.pushed = true;
            slot.pushedAt = System.nanoTime();
        }
        try {
            events.votes(slot.streamId, slot.questionId, questions.votes(slot.questionId));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not push the votes of question {0}: {1}", slot.questionId, e.toString());
        }
    }

    /** Forgets questions with nothing waiting whose last push is older than the interval. */
    private void prune(long now) {
        long interval = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        slots.values().removeIf(slot -> {
            synchronized (slot) {
                return !slot.scheduled && (!slot.pushed || now - slot.pushedAt > interval);
            }
        });
    }

    private static final class Slot {
        final long streamId;
        final long questionId;
        boolean scheduled;
        boolean pushed;
        long pushedAt;

        Slot(long streamId, long questionId) {
            this.streamId = streamId;
            this.questionId = questionId;
        }
    }
}
