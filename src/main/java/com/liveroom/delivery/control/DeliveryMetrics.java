package com.liveroom.delivery.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * What an operator watches of delivery on {@code /metrics} (application scope): sockets open, rooms with members,
 * frames and writes sent, the fan-out's queue, members given up for reading too slowly, gaps filled from the
 * database, whether writes take the raw path, and per room the chat budget in force and what was shed of each class.
 * <p>
 * Concurrency: the registry's instruments are thread-safe; the socket count is an atomic; gauges read their
 * sources when scraped; the per-room budgets are a concurrent map of atomics the fan-out thread sets.
 */
@ApplicationScoped
public class DeliveryMetrics {

    @Inject
    MetricRegistry registry;

    @Inject
    Pipes pipes;

    private final AtomicInteger openSockets = new AtomicInteger();
    private final AtomicInteger roomsActive = new AtomicInteger();
    private volatile Supplier<Integer> fanOutQueue = () -> 0;
    private Counter framesSent;
    private Counter writes;
    private Counter slowConsumersClosed;
    private Counter gapFills;
    private final Map<Long, AtomicInteger> budgets = new ConcurrentHashMap<>();
    /** Rooms nobody is in any more, and since when ({@link System#nanoTime()}): their series go a while later. */
    private final Map<Long, Long> gone = new ConcurrentHashMap<>();
    private static final long KEEP_GONE_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final String BUDGET = "liveroom_chat_budget";
    private static final String SHED = "liveroom_delivery_shed";

    /** The metrics are on {@code /metrics} from the start, not from the first socket. */
    void registerWithTheApplication(@Observes Startup started) {
        // observing is enough: the bean is made, and its metrics registered, now
    }

    @PostConstruct
    void register() {
        framesSent = registry.counter(described("liveroom_frames_sent", "frames written to sockets"));
        writes = registry.counter(described("liveroom_socket_writes",
                "writes to sockets (each carries one or more frames)"));
        slowConsumersClosed = registry.counter(described("liveroom_slow_consumer_closes",
                "sockets closed with 1013 because they fell behind"));
        gapFills = registry.counter(described("liveroom_gap_fills", "ranges of items read from the database because "
                + "they had not reached this server"));
        registry.gauge(described("liveroom_connections", "open WebSocket connections"),
                openSockets, AtomicInteger::get);
        registry.gauge(described("liveroom_rooms_active", "rooms with at least one member on this server"),
                roomsActive, AtomicInteger::get);
        registry.gauge(described("liveroom_fan_out_queue_depth", "tasks waiting for the fan-out thread"),
                () -> fanOutQueue.get());
        registry.gauge(described("liveroom_socket_writes_raw",
                "1 when socket writes are raw frames, 0 when they go through RemoteEndpoint.Async"),
                pipes, p -> p.rawActive() ? 1 : 0);
    }

    /** The fan-out's queue, read when scraped. */
    void watchQueue(Supplier<Integer> queued) {
        fanOutQueue = queued;
    }

    void roomsActive(int rooms) {
        roomsActive.set(rooms);
    }

    void socketOpened() {
        openSockets.incrementAndGet();
    }

    void socketClosed() {
        openSockets.decrementAndGet();
    }

    void written(int frames) {
        writes.inc();
        framesSent.inc(frames);
    }

    void slowConsumerClosed() {
        slowConsumersClosed.inc();
    }

    void gapFilled() {
        gapFills.inc();
    }

    /** A room's chat budget in force on this server (0: no limit), shown from the first time it is known. */
    void chatBudget(long streamId, int perSecond) {
        gone.remove(streamId);
        AtomicInteger known = budgets.get(streamId);
        if (known == null) {
            AtomicInteger made = new AtomicInteger(perSecond);
            known = budgets.putIfAbsent(streamId, made);
            if (known == null) {
                registry.gauge(described(BUDGET, "the chat budget in force in a room on this server: viewer messages "
                        + "a second to each member (0: no limit); below the room's setting while the server sheds"),
                        made, AtomicInteger::get, room(streamId));
                return;
            }
        }
        known.set(perSecond);
    }

    /** Frames a room did not give its members here: viewer messages sampled out, and counts a newer one replaced. */
    void shed(long streamId, long chat, long ambient) {
        if (chat > 0) {
            registry.counter(described(SHED, "frames not given to a member on purpose, per room and class (chat: "
                    + "viewer messages over the budget; ambient: counts a newer one replaced); essential: never"),
                    room(streamId), new Tag("class", "chat")).inc(chat);
        }
        if (ambient > 0) {
            registry.counter(described(SHED, "frames not given to a member on purpose, per room and class (chat: "
                    + "viewer messages over the budget; ambient: counts a newer one replaced); essential: never"),
                    room(streamId), new Tag("class", "ambient")).inc(ambient);
        }
    }

    /**
     * A room nobody is in here any more: its series stay five minutes, so that scrapes see its last counts, and then
     * go, so that the rooms of a day do not pile up on {@code /metrics}.
     */
    void roomGone(long streamId) {
        long now = System.nanoTime();
        gone.put(streamId, now);
        gone.entrySet().removeIf(room -> {
            if (now - room.getValue() < KEEP_GONE_NANOS) {
                return false;
            }
            long id = room.getKey();
            if (budgets.remove(id) != null) {
                registry.remove(new MetricID(BUDGET, room(id)));
            }
            registry.remove(new MetricID(SHED, room(id), new Tag("class", "chat")));
            registry.remove(new MetricID(SHED, room(id), new Tag("class", "ambient")));
            return true;
        });
    }

    private static Tag room(long streamId) {
        return new Tag("room", Long.toString(streamId));
    }

    private static Metadata described(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }
}
