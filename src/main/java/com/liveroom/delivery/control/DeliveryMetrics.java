package com.liveroom.delivery.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * What an operator watches of delivery on {@code /metrics} (application scope): sockets open, rooms with members,
 * frames and writes sent, the fan-out's queue, members given up for reading too slowly, gaps filled from the
 * database, and whether writes take the raw path.
 * <p>
 * Concurrency: the registry's instruments are thread-safe; the socket count is an atomic; gauges read their
 * sources when scraped.
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

    private static Metadata described(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }
}
