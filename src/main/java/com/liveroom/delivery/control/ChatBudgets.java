package com.liveroom.delivery.control;

import com.liveroom.moderation.control.RoomRules;
import com.liveroom.moderation.control.RoomState;
import com.liveroom.moderation.control.RulesChanged;
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
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Hands each room with members here its chat budget and who runs it, as the room's rules say
 * ({@link RoomRules}, cached there for a few seconds): when the room is loaded here, once a second, and as soon as a
 * change is made on this server:
 * the fan-out thread never reads the database. On every server of a cluster the same rules apply to that
 * server's members, so the budget holds per member wherever it is connected; a change made elsewhere reaches a
 * server when its cached rules are forgotten (the cluster relays that) or age out.
 * <p>
 * Concurrency: one scheduled thread of its own reads the rules; what it learns is queued onto the fan-out thread.
 */
@ApplicationScoped
public class ChatBudgets {

    private static final Logger LOG = System.getLogger(ChatBudgets.class.getName());

    @Inject
    RoomRegistry registry;

    @Inject
    RoomRules rules;

    @Resource
    ManagedThreadFactory threads;

    private ScheduledExecutorService reading;

    /** Made with the application, so that its schedule carries no socket's context. */
    void startWithTheApplication(@Observes Startup started) {
        // observing is enough: the bean is made, and its schedule started, now
    }

    @PostConstruct
    void start() {
        reading = Executors.newSingleThreadScheduledExecutor(threads);
        reading.scheduleWithFixedDelay(this::readAll, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        reading.shutdownNow();
    }

    /** A change of a room's rules committed on this server: its members here learn it now, not within a second. */
    void changed(@Observes RulesChanged changed) {
        readSoon(changed.streamId());
    }

    /** Reads a room's rules now, on this bean's thread: a room just loaded here is not left without its budget. */
    void readSoon(long streamId) {
        reading.execute(() -> read(streamId));
    }

    private void readAll() {
        for (Long streamId : List.copyOf(registry.occupied())) {
            read(streamId);
        }
    }

    private void read(long streamId) {
        try {
            RoomState state = rules.of(streamId);
            registry.rules(streamId, state.chatBudget(), state.runners());
        } catch (RuntimeException e) {
            // the next look, a second later, tries again; the room keeps the budget it had
            LOG.log(Level.DEBUG, "could not read the rules of room {0}: {1}", streamId, e.toString());
        }
    }
}
