package com.liveroom.rooms.control;

import com.liveroom.platform.control.Refusal;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tells each room how many people are in it (distinct users, across the servers of a cluster: those here, see
 * {@link RoomRegistry#users}, and those on the others, see {@link OnlineCensus}), as
 * {@code {code:215, msg:"online", data:{stream, topic, online}}}, when the count has changed, and at most
 * once every {@code liveroom.presence.push-interval-ms}: one tick per interval looks at every occupied room
 * and pushes only the counts that differ from the last one pushed. A crowd arriving at once costs its room
 * one frame per interval, not one per arrival. Every server counts the whole cluster and tells its own members
 * ({@link RoomCast#deliver}): relayed, each server's push would reach every member once per server.
 * <p>
 * Concurrency: only the scheduler's thread changes {@code pushed} and publishes to the census; the registry is
 * read as a weakly consistent view; frames are queued to outboxes on the chat writer's thread, without waiting on
 * any socket.
 */
@ApplicationScoped
public class Presence {

    public static final int ONLINE = 215;
    private static final Logger LOG = System.getLogger(Presence.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @Inject
    RoomRegistry registry;

    @Inject
    FrameCodec codec;

    @Inject
    Streams streams;

    @Inject
    ChatWriter writer;

    @Inject
    OnlineCensus census;

    @Inject
    RoomCast cast;

    @Inject
    @ConfigProperty(name = "liveroom.presence.push-interval-ms", defaultValue = "3000")
    long intervalMs;

    private final Map<Long, Integer> pushed = new ConcurrentHashMap<>();
    /** A thread of its own, made with the application: a task of the container's scheduled executor carries the
     * context of whoever scheduled it, and the container ends that context's resources after every run. */
    private ScheduledExecutorService ticking;

    /** The ticks start with the application, not with the first caller. */
    void startWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object started) {
        pushed.size();
    }

    @PostConstruct
    void start() {
        ticking = Executors.newSingleThreadScheduledExecutor(threads);
        ticking.scheduleAtFixedRate(this::tick, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (ticking != null) {
            ticking.shutdownNow();
        }
    }

    void tick() {
        try {
            Map<Long, Set<Long>> here = new HashMap<>();
            for (Long streamId : registry.occupied()) {
                here.put(streamId, registry.users(streamId));
            }
            census.publish(here);
            Map<Long, Set<Long>> elsewhere = census.elsewhere(here.keySet());
            Map<Long, Integer> changed = new HashMap<>();
            here.forEach((streamId, users) -> {
                int online = count(users, elsewhere.get(streamId));
                if (!Objects.equals(pushed.put(streamId, online), online)) {
                    changed.put(streamId, online);
                }
            });
            pushed.keySet().retainAll(here.keySet());
            if (!changed.isEmpty()) {
                push(changed);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "counting who is online failed", e);
        }
    }

    /** How many distinct users are in the room, on this server and the others. */
    public int online(long streamId) {
        Set<Long> here = registry.users(streamId);
        return count(here, census.elsewhere(List.of(streamId)).get(streamId));
    }

    private static int count(Set<Long> here, Set<Long> elsewhere) {
        if (elsewhere == null || here.containsAll(elsewhere)) {
            return here.size();
        }
        Set<Long> all = new HashSet<>(here);
        all.addAll(elsewhere);
        return all.size();
    }

    /**
     * The frames are queued on the chat writer's thread, like everything else a room is sent, so that a joining
     * socket hears of the count only after its own join is confirmed. A writer too busy to take them skips a tick.
     */
    private void push(Map<Long, Integer> changed) {
        try {
            writer.between(() -> changed.forEach(this::send));
        } catch (Refusal busy) {
            changed.keySet().forEach(pushed::remove);
        }
    }

    private void send(long streamId, int online) {
        String topic = streams.knownRoomNumber(streamId).orElse(null);
        cast.deliver(RoomEvent.toRoom(streamId, codec.event(ONLINE, "online", new Online(streamId, topic, online))));
    }

    public record Online(long stream, String topic, int online) {
    }
}
