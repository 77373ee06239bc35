package com.liveroom.polls.control;

import com.liveroom.platform.control.ThrottledPushes;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Pushes an open poll's counts to the room (241), throttled ({@link ThrottledPushes}): at most once per poll per
 * interval, the last counts always, read as committed when the push runs; a look one interval after each push sends
 * the counts again if they moved on meanwhile (here or on another server). Members also keep the counts of the
 * highest {@code version} they have seen.
 * <p>
 * Concurrency: the reads and pushes run on one thread of the throttle's own, made with the application.
 */
@ApplicationScoped
public class ResultsTicker {

    @Resource
    ManagedThreadFactory threads;

    @Inject
    PollStore store;

    @Inject
    PollEvents events;

    @Inject
    @ConfigProperty(name = "liveroom.polls.results-push-millis", defaultValue = "1000")
    long intervalMillis;

    private ThrottledPushes<Long, PollResults> pushes;

    void startWithTheApplication(@Observes Startup started) {
        // observing is enough: the bean is made, and its thread started, now
    }

    @PostConstruct
    void start() {
        pushes = new ThrottledPushes<>(threads, intervalMillis, store::results, (pollId, results) -> events.results(results));
    }

    @PreDestroy
    void stop() {
        pushes.stop();
    }

    /** Call after a vote or take-back has committed. */
    public void changed(long pollId) {
        pushes.changed(pollId);
    }
}
