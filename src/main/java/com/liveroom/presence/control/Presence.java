package com.liveroom.presence.control;

import com.liveroom.delivery.control.RoomRegistry;
import com.liveroom.rooms.control.Audience;
import com.liveroom.rooms.control.RoomEvent;
import com.liveroom.rooms.control.Streams;
import com.liveroom.wire.Frames;
import com.liveroom.wire.WireCodes;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tells each room how many people are in it (distinct users, across the servers of a cluster: those here, see
 * {@link RoomRegistry#users}, and those on the others, see {@link OnlineCensus}), as
 * {@code {code:215, msg:"online", data:{stream, topic, online}}}, when the count has changed, and at most
 * once every {@code liveroom.presence.push-interval-ms}: one tick per interval looks at every occupied room
 * and pushes only the counts that differ from the last one pushed. A crowd arriving at once costs its room
 * one frame per interval, not one per arrival. Every server counts the whole cluster and tells its own members
 * ({@link RoomRegistry#deliver}, never relayed): relayed, each server's push would reach every member once per server.
 * <p>
 * Concurrency: only the scheduler's thread changes {@code pushed} and publishes to the census; the registry is
 * read on the fan-out thread, which queues the frames in order with the rooms' items, without waiting on any socket.
 */
@ApplicationScoped
public class Presence implements Audience {

    private static final long READ_SECONDS = 5;
    private static final Logger LOG = System.getLogger(Presence.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @Inject
    RoomRegistry registry;

    @Inject
    Frames frames;

    @Inject
    Streams streams;

    @Inject
    OnlineCensus census;

    @Inject
    @ConfigProperty(name = "liveroom.presence.push-interval-ms", defaultValue = "3000")
    long intervalMs;

    private final Map<Long, Integer> pushed = new ConcurrentHashMap<>();
    /** A thread of its own, made with the application: a task of the container's scheduled executor carries the
     * context of whoever scheduled it, and the container ends that context's resources after every run. */
    private ScheduledExecutorService ticking;

    /** The ticks start with the application, not with the first caller. */
    void startWithTheApplication(@Observes Startup started) {
        // observing is enough: the bean is made, and its ticks scheduled, now
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
            here().ifPresent(here -> {
                census.publish(here);
                Map<Long, Set<Long>> elsewhere = census.elsewhere(here.keySet());
                here.forEach((streamId, users) -> {
                    int online = count(users, elsewhere.get(streamId));
                    if (!Objects.equals(pushed.put(streamId, online), online)) {
                        send(streamId, online);
                    }
                });
                pushed.keySet().retainAll(here.keySet());
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "counting who is online failed", e);
        }
    }

    /** Each room's users on this server, as the fan-out thread counts them; empty when it is too busy to answer. */
    private Optional<Map<Long, Set<Long>>> here() {
        try {
            return Optional.of(registry.users().get(READ_SECONDS, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "the fan-out is too busy to count who is online");
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "counting who is online failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /** How many distinct users are in the room, on this server and the others. */
    @Override
    public int online(long streamId) {
        Set<Long> here = here().map(rooms -> rooms.get(streamId)).orElse(null);
        return count(here == null ? Set.of() : here, census.elsewhere(List.of(streamId)).get(streamId));
    }

    private static int count(Set<Long> here, Set<Long> elsewhere) {
        if (elsewhere == null || here.containsAll(elsewhere)) {
            return here.size();
        }
        Set<Long> all = new HashSet<>(here);
        all.addAll(elsewhere);
        return all.size();
    }

    private void send(long streamId, int online) {
        String topic = streams.knownRoomNumber(streamId).orElse(null);
        registry.deliver(RoomEvent.toRoom(streamId, frames.event(WireCodes.ONLINE, "online",
                new Online(streamId, topic, online))));
    }

    public record Online(long stream, String topic, int online) {
    }
}
