package com.liveroom.rooms.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Timer;

/**
 * What an operator watches on {@code /metrics} (application scope): sockets open, rooms with members, items
 * committed (in) and frames sent (out), the writer's queue, the group commit's latency and size, and the
 * members closed for reading too slowly. Rates are for the scraper to work out ({@code rate(..._total[1m])}).
 * <p>
 * Concurrency: the counters, the timer and the histogram are the registry's thread-safe instruments; the
 * socket count is an atomic. Gauges read the writer and the registry when scraped, never otherwise.
 */
@ApplicationScoped
public class ChatMetrics {

    @Inject
    MetricRegistry registry;

    @Inject
    ChatWriter writer;

    @Inject
    RoomRegistry rooms;

    private final AtomicInteger openSockets = new AtomicInteger();
    private Counter itemsCommitted;
    private Counter framesSent;
    private Counter slowConsumersClosed;
    private Timer commits;
    private Histogram batchSizes;

    /** The gauges are on {@code /metrics} from the start, not from the first message. */
    void registerWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object started) {
        openSockets.get();
    }

    @PostConstruct
    void register() {
        itemsCommitted = registry.counter(described("liveroom_items_committed",
                "chat items, questions and answers committed (repeats of an idempotent send not counted)"));
        framesSent = registry.counter(described("liveroom_frames_sent", "frames written to sockets"));
        slowConsumersClosed = registry.counter(described("liveroom_slow_consumer_closes",
                "sockets closed with 1013 because their outbox overflowed"));
        commits = registry.timer(Metadata.builder().withName("liveroom_commit")
                .withDescription("duration of one group commit of the chat writer")
                .withUnit(MetricUnits.NANOSECONDS).build());
        batchSizes = registry.histogram(described("liveroom_commit_batch_size", "posts stored by one group commit"));
        registry.gauge(described("liveroom_connections", "open WebSocket connections"),
                openSockets, AtomicInteger::get);
        registry.gauge(described("liveroom_rooms_active", "rooms with at least one member on this server"),
                rooms, RoomRegistry::occupiedRooms);
        registry.gauge(described("liveroom_writer_queue_depth", "posts and joins waiting for the chat writer"),
                writer, ChatWriter::queued);
    }

    private static Metadata described(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }

    public void socketOpened() {
        openSockets.incrementAndGet();
    }

    public void socketClosed() {
        openSockets.decrementAndGet();
    }

    /** One group commit that stored {@code posts} posts, {@code fresh} of them new items, in {@code took}. */
    public void committed(int posts, int fresh, Duration took) {
        commits.update(took);
        batchSizes.update(posts);
        itemsCommitted.inc(fresh);
    }

    public void frameSent() {
        framesSent.inc();
    }

    public void slowConsumerClosed() {
        slowConsumersClosed.inc();
    }
}
