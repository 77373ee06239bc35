package com.liveroom.limits.control;

import com.liveroom.platform.control.Refusal;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The abuse limits of one server: how fast a user may send, how many sockets a user may hold (counted across
 * the cluster), how many handshakes an address may make each second. Every refusal is counted in
 * {@code liveroom_refusals_total}.
 * <p>
 * Concurrency: concurrent maps; each bucket or window is changed under its own lock.
 */
@ApplicationScoped
public class Limits {

    private static final String REFUSALS = "liveroom_refusals_total";
    /** Every reason counted: this class's own and those moderation passes to {@link #count} (docs/protocol.md). */
    static final List<String> REASONS = List.of("message-rate", "question-rate", "connections-per-user",
            "handshake-rate", "room-closed", "banned", "muted", "slow-mode", "blocked-term");

    @Inject
    @ConfigProperty(name = "liveroom.limits.messages-per-second", defaultValue = "5")
    double messagesPerSecond;

    @Inject
    @ConfigProperty(name = "liveroom.limits.message-burst", defaultValue = "10")
    double messageBurst;

    @Inject
    @ConfigProperty(name = "liveroom.limits.questions-per-minute", defaultValue = "10")
    double questionsPerMinute;

    @Inject
    @ConfigProperty(name = "liveroom.limits.question-burst", defaultValue = "5")
    double questionBurst;

    @Inject
    @ConfigProperty(name = "liveroom.limits.connections-per-user", defaultValue = "10")
    int connectionsPerUser;

    @Inject
    @ConfigProperty(name = "liveroom.limits.handshakes-per-second", defaultValue = "50")
    int handshakesPerSecond;

    @Inject
    MetricRegistry metrics;

    @Inject
    SocketCensus census;

    private final Map<Long, TokenBucket> senders = new ConcurrentHashMap<>();
    private final Map<Long, TokenBucket> askers = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> sockets = new ConcurrentHashMap<>();
    private final Map<String, Window> handshakes = new ConcurrentHashMap<>();

    /** Takes one message from the user's allowance, or refuses with 429 and the wait. */
    public void message(long userId) {
        take(senders, userId, messagesPerSecond, messageBurst, "message-rate", "you are sending too fast");
    }

    /** Takes one question from the user's allowance (its own, apart from messages), or refuses with 429 and the wait. */
    public void question(long userId) {
        take(askers, userId, questionsPerMinute / 60, questionBurst, "question-rate", "you are asking too fast");
    }

    private void take(Map<Long, TokenBucket> buckets, long userId, double perSecond, double burst, String reason,
                      String msg) {
        long now = System.nanoTime();
        TokenBucket bucket = buckets.computeIfAbsent(userId, id -> new TokenBucket(perSecond, burst, now));
        long waitNanos;
        synchronized (bucket) {
            waitNanos = bucket.take(now);
        }
        if (waitNanos > 0) {
            throw refused(reason, msg + ": wait " + seconds(waitNanos) + " s");
        }
        if (buckets.size() > 10_000) {
            TokenBucket.dropFull(buckets, now);
        }
    }

    /** A wait as the client is told it: whole seconds, or tenths under ten seconds. */
    private static String seconds(long nanos) {
        double seconds = nanos / 1e9;
        return seconds >= 10 ? String.valueOf((long) Math.ceil(seconds))
                : String.valueOf(Math.ceil(seconds * 10) / 10);
    }

    /**
     * Counts a socket signing in as the user; false (and counted) when the user already holds too many, on this
     * server and, in a cluster, on the others ({@link SocketCensus}).
     */
    public boolean openSocket(long userId) {
        AtomicInteger count = sockets.computeIfAbsent(userId, id -> new AtomicInteger());
        int here = count.incrementAndGet();
        if (here > connectionsPerUser || here + census.elsewhere(userId) > connectionsPerUser) {
            closeSocket(userId);
            count("connections-per-user");
            return false;
        }
        census.holds(userId, count.get());
        return true;
    }

    public void closeSocket(long userId) {
        AtomicInteger left = sockets.computeIfPresent(userId, (id, count) -> count.decrementAndGet() <= 0 ? null : count);
        census.holds(userId, left == null ? 0 : left.get());
    }

    /** Whether an address may make another handshake this second. */
    public boolean handshake(String address) {
        long second = System.nanoTime() / 1_000_000_000L;
        Window window = handshakes.compute(address, (a, w) -> w == null || w.second != second ? new Window(second) : w);
        if (window.count.incrementAndGet() > handshakesPerSecond) {
            count("handshake-rate");
            return false;
        }
        if (handshakes.size() > 10_000) {
            handshakes.values().removeIf(w -> w.second != second);
        }
        return true;
    }

    public Refusal refused(String reason, String msg) {
        count(reason);
        return new Refusal(Refusal.TOO_MANY, msg);
    }

    /** The metric is on {@code /metrics} from the start, at zero for every reason, not from the first refusal. */
    void registerWithTheApplication(@Observes Startup started) {
        // observing is enough: the bean is made, and its counters registered, now
    }

    @PostConstruct
    void registerReasons() {
        REASONS.forEach(reason -> metrics.counter(REFUSALS, new Tag("reason", reason)));
    }

    public void count(String reason) {
        metrics.counter(REFUSALS, new Tag("reason", reason)).inc();
    }

    private static final class Window {
        final long second;
        final AtomicInteger count = new AtomicInteger();

        Window(long second) {
            this.second = second;
        }
    }
}
