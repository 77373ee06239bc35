package com.liveroom.delivery.control;

import com.liveroom.platform.control.Draining;
import com.liveroom.platform.control.Refusal;
import com.liveroom.wire.Frames;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason.CloseCodes;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A server that stops (SIGTERM, an undeploy) lets its members go in order instead of dropping them: first it says it
 * is not ready and refuses new sockets and new messages ({@link Draining}), and waits
 * {@code liveroom.drain.notice-ms} for a load balancer to notice; then it waits until every message it took has
 * been answered (stored and acked, or refused); then each member is written what it is still owed and closed with
 * 1012 (service restart), its close reason naming a wait before it reconnects, drawn at random from
 * {@code liveroom.drain.reconnect-window-ms}, so that a room of thousands comes back spread over the window, not at
 * once. Only then does the application go on stopping. Every step is bounded by {@code liveroom.drain.timeout-seconds}.
 * <p>
 * It runs as the application's context is about to be destroyed: every bean (the writer, the fan-out) still works.
 * <p>
 * Concurrency: runs once, on the thread that stops the application; what it touches is the other beans' to guard.
 */
@ApplicationScoped
public class Drain {

    /** What the close reason of a drain says; clients read the wait from it (docs/protocol.md). */
    public static final String REASON = "restarting: reconnect in %d ms";
    private static final Logger LOG = System.getLogger(Drain.class.getName());
    private static final long POLL_MILLIS = 20;

    @Inject
    Draining draining;

    @Inject
    ChatIntake intake;

    @Inject
    SocketSweeper sweeper;

    @Inject
    RoomRegistry registry;

    @Inject
    Frames frames;

    @Inject
    @ConfigProperty(name = "liveroom.drain.notice-ms", defaultValue = "2000")
    long noticeMs;

    @Inject
    @ConfigProperty(name = "liveroom.drain.reconnect-window-ms", defaultValue = "10000")
    long reconnectWindowMs;

    @Inject
    @ConfigProperty(name = "liveroom.drain.timeout-seconds", defaultValue = "20")
    long timeoutSeconds;

    private BooleanSupplier answered;
    private BooleanSupplier allClosed;

    /** Made with the application, so that what it needs is ready before the application stops (below). */
    void startWithTheApplication(@Observes Startup started) {
        // observing is enough: the bean is made, and its frame rendered, now
    }

    /**
     * By the time the application stops, its class loader no longer loads classes (a class first used then fails
     * with {@code NoClassDefFoundError}): everything the drain uses is used once here, at startup.
     */
    @PostConstruct
    void prepare() {
        answered = intake::answeredAll;
        allClosed = () -> sweeper.members().isEmpty();
        notice(0);
    }

    void stopping(@Observes @BeforeDestroyed(ApplicationScoped.class) Object application) {
        try {
            drain();
        } catch (RuntimeException | LinkageError e) {
            // the application stops whatever happens here; what is left open is dropped
            LOG.log(Level.ERROR, "the drain failed", e);
        }
    }

    /** Drains this server (once; a second call returns at once). */
    public void drain() {
        if (!draining.begin()) {
            return;
        }
        long began = System.nanoTime();
        long deadline = began + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        LOG.log(Level.INFO, "draining: not ready, taking no new sockets or messages; {0} sockets open",
                sweeper.members().size());
        pause(Math.min(noticeMs, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (!awaitUntil(answered, deadline)) {
            LOG.log(Level.WARNING, "draining: some messages were still being stored at the deadline");
        }
        List<Member> members = sweeper.members();
        for (Member member : members) {
            long wait = ThreadLocalRandom.current().nextLong(Math.max(1, reconnectWindowMs));
            String reason = REASON.formatted(wait);
            registry.sendThenClose(member, notice(wait), CloseCodes.SERVICE_RESTART, reason);
        }
        boolean closed = awaitUntil(allClosed, deadline);
        LOG.log(Level.INFO, "drained in {0} ms: {1} sockets told to reconnect{2}",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), members.size(),
                closed ? "" : "; " + sweeper.members().size() + " not closed by the deadline");
    }

    /** The frame a member is written last: what it sent and was not acked was not stored. */
    private String notice(long wait) {
        return frames.error(Refusal.UNAVAILABLE, "the server is " + REASON.formatted(wait)
                + "; what was not acknowledged was not stored");
    }

    private static boolean awaitUntil(BooleanSupplier done, long deadline) {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            pause(POLL_MILLIS);
        }
        return true;
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
