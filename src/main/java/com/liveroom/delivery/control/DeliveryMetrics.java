package com.liveroom.delivery.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
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
    private Counter framesSent;
    private Counter writes;
    private Counter slowConsumersClosed;
    private Counter gapFills;

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
        registry.gauge(described("liveroom_socket_writes_raw",
                "1 when socket writes are raw frames, 0 when they go through RemoteEndpoint.Async"),
                pipes, p -> p.rawActive() ? 1 : 0);
    }

    /** The gauges of the fan-out, read when scraped. */
    void watch(Supplier<Integer> occupiedRooms, Supplier<Integer> queued) {
        registry.gauge(described("liveroom_rooms_active", "rooms with at least one member on this server"),
                occupiedRooms);
        registry.gauge(described("liveroom_fan_out_queue_depth", "tasks waiting for the fan-out thread"), queued);
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
