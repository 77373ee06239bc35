package com.liveroom.chat.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Timer;

/**
 * What an operator watches of the write path on {@code /metrics} (application scope): items committed, the
 * writer's queue, the group commit's latency and size. Rates are for the scraper to work out
 * ({@code rate(..._total[1m])}).
 * <p>
 * Concurrency: the registry's instruments are thread-safe; the queue gauge reads the writer's queue when scraped.
 */
@ApplicationScoped
public class WriterMetrics {

    @Inject
    MetricRegistry registry;

    private Counter itemsCommitted;
    private Timer commits;
    private Histogram batchSizes;

    @PostConstruct
    void register() {
        itemsCommitted = registry.counter(described("liveroom_items_committed",
                "chat items, questions and answers committed (repeats of an idempotent send not counted)"));
        commits = registry.timer(Metadata.builder().withName("liveroom_commit")
                .withDescription("duration of one group commit of the chat writer")
                .withUnit(MetricUnits.NANOSECONDS).build());
        batchSizes = registry.histogram(described("liveroom_commit_batch_size", "posts stored by one group commit"));
    }

    /** The writer's queue, read when scraped. */
    void watchQueue(Supplier<Integer> depth) {
        registry.gauge(described("liveroom_writer_queue_depth", "posts waiting for the chat writer"), depth);
    }

    /** Whether the writer refuses posts because the database does not answer, read when scraped (1 or 0). */
    void watchOutage(BooleanSupplier outage) {
        registry.gauge(described("liveroom_writer_outage",
                "1 while the chat writer refuses posts because the database does not answer"),
                () -> outage.getAsBoolean() ? 1 : 0);
    }

    /** One group commit that stored {@code posts} posts, {@code fresh} of them new items, in {@code took}. */
    void committed(int posts, int fresh, Duration took) {
        commits.update(took);
        batchSizes.update(posts);
        itemsCommitted.inc(fresh);
    }

    private static Metadata described(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }
}
