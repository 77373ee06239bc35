package com.liveroom.limits.control;

import com.liveroom.platform.control.Draining;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * What this one server takes on, whoever asks: at most {@code liveroom.admission.max-sockets} open sockets, at most
 * {@code liveroom.admission.handshakes-per-second} handshakes a second (with a burst), and none once it drains. A
 * handshake past them is refused at once, before the container upgrades the connection or makes anything for it,
 * with a wait spread at random over {@code liveroom.admission.retry-window-seconds}: a crowd refused in the same
 * second comes back spread over the window instead of in the same second again. The per-address limits
 * ({@link Limits}) are apart from this and checked first.
 * <p>
 * The socket cap counts a socket from its admission, so that handshakes admitted together cannot pass it: a handshake
 * that does not end in an upgrade gives its place back ({@link #notUpgraded}), an open socket gives it back as it
 * closes ({@link #socketClosed}).
 * <p>
 * Concurrency: an atomic socket count; the rate's bucket is taken under its own lock.
 */
@ApplicationScoped
public class ServerCapacity {

    private static final String HANDSHAKES = "liveroom_handshakes";
    static final List<String> OUTCOMES = List.of("admitted", "over-capacity", "over-rate", "draining");

    @Inject
    @ConfigProperty(name = "liveroom.admission.max-sockets", defaultValue = "20000")
    int maxSockets;

    @Inject
    @ConfigProperty(name = "liveroom.admission.handshakes-per-second", defaultValue = "500")
    double handshakesPerSecond;

    @Inject
    @ConfigProperty(name = "liveroom.admission.handshake-burst", defaultValue = "250")
    double handshakeBurst;

    @Inject
    @ConfigProperty(name = "liveroom.admission.retry-window-seconds", defaultValue = "10")
    int retryWindowSeconds;

    @Inject
    Draining draining;

    @Inject
    MetricRegistry metrics;

    private final AtomicInteger sockets = new AtomicInteger();
    private TokenBucket handshakes;

    /** A handshake's outcome: admitted, or refused with the reason and the seconds to wait before trying again. */
    public record Verdict(boolean admitted, String reason, int retryAfterSeconds) {
    }

    /** The counters are on {@code /metrics} from the start. */
    void registerWithTheApplication(@Observes Startup started) {
        // observing is enough: the bean is made, and its counters registered, now
    }

    @PostConstruct
    void start() {
        handshakes = new TokenBucket(handshakesPerSecond, Math.max(1, handshakeBurst), System.nanoTime());
        OUTCOMES.forEach(this::counter);
    }

    /** Whether this server takes one more socket now; counted by outcome. */
    public Verdict handshake() {
        String refused = null;
        if (draining.begun()) {
            refused = "draining";
        } else if (sockets.incrementAndGet() > maxSockets) {
            sockets.decrementAndGet();
            refused = "over-capacity";
        } else {
            long wait;
            synchronized (handshakes) {
                wait = handshakes.take(System.nanoTime());
            }
            if (wait > 0) {
                sockets.decrementAndGet();
                refused = "over-rate";
            }
        }
        counter(refused == null ? "admitted" : refused).inc();
        return refused == null ? new Verdict(true, "admitted", 0) : new Verdict(false, refused, spread());
    }

    /** A wait anywhere in the window (full jitter), whole seconds as {@code Retry-After} says them. */
    int spread() {
        return 1 + ThreadLocalRandom.current().nextInt(Math.max(1, retryWindowSeconds));
    }

    /** An admitted handshake that the container did not upgrade after all (a wrong origin, a client gone). */
    public void notUpgraded() {
        sockets.decrementAndGet();
    }

    /** A socket admitted here has closed. */
    public void socketClosed() {
        sockets.decrementAndGet();
    }

    private Counter counter(String outcome) {
        return metrics.counter(Metadata.builder().withName(HANDSHAKES)
                .withDescription("WebSocket handshakes by outcome: admitted, or refused with 503 because the server "
                        + "was full, over its handshake rate or draining").build(), new Tag("outcome", outcome));
    }
}
