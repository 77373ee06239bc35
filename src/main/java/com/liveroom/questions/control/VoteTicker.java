package com.liveroom.questions.control;

import com.liveroom.platform.control.ThrottledPushes;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Pushes each question's vote count to the room (221), throttled ({@link ThrottledPushes}): at most once per question
 * per interval, the last count always, read as committed when the push runs.
 * <p>
 * Concurrency: the pushes run on one thread of the throttle's own, made with the application.
 */
@ApplicationScoped
public class VoteTicker {

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Questions questions;

    @Inject
    QuestionEvents events;

    @Inject
    @ConfigProperty(name = "liveroom.questions.vote-push-millis", defaultValue = "1000")
    long intervalMillis;

    private ThrottledPushes<Counted, Integer> pushes;

    /** A question, and the room it is asked in. */
    private record Counted(long streamId, long questionId) {
    }

    void startWithTheApplication(@Observes Startup started) {
        // observing is enough: the bean is made, and its thread started, now
    }

    @PostConstruct
    void start() {
        pushes = new ThrottledPushes<>(threads, intervalMillis,
                counted -> Optional.of(questions.votes(counted.questionId())),
                (counted, votes) -> events.votes(counted.streamId(), counted.questionId(), votes));
    }

    @PreDestroy
    void stop() {
        pushes.stop();
    }

    /** Call after a vote or take-back has committed. */
    public void changed(long streamId, long questionId) {
        pushes.changed(new Counted(streamId, questionId));
    }
}
