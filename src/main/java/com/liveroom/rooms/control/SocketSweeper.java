package com.liveroom.rooms.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason.CloseCodes;
import java.time.Clock;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The deadlines of every open socket, checked in one sweep a second: sign in soon after opening, send something
 * within the idle timeout, and stop when the token signed in with runs out. The container could time sockets out
 * itself, but it re-arms a managed timer task on every frame sent or received, and a timer task per socket and
 * deadline costs memory and a context capture each; one sweep over a few fields per socket costs next to nothing.
 * A deadline is therefore kept to within a second.
 * <p>
 * Concurrency: a concurrent set of open connections, swept by one thread; what the sweep reads of a connection
 * is volatile.
 */
@ApplicationScoped
public class SocketSweeper {

    private static final Duration SIGN_IN_WITHIN = Duration.ofSeconds(10);
    private static final Logger LOG = System.getLogger(SocketSweeper.class.getName());

    @Inject
    @ConfigProperty(name = "liveroom.ws.idle-timeout-seconds", defaultValue = "30")
    long idleTimeoutSeconds;

    @Inject
    Clock clock;

    @Resource
    ManagedThreadFactory threads;

    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService sweeping;

    /**
     * Made with the application, not on a socket's first use: a timer started from a socket's thread would carry
     * that socket's invocation context into every sweep, and the container would close that context's resources.
     */
    void startWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object started) {
        sweeping.isShutdown();
    }

    @PostConstruct
    void start() {
        sweeping = Executors.newSingleThreadScheduledExecutor(threads);
        sweeping.scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        sweeping.shutdownNow();
    }

    public void watch(Connection connection) {
        open.add(connection);
    }

    public void forget(Connection connection) {
        open.remove(connection);
    }

    private void sweep() {
        try {
            sweepOnce();
        } catch (RuntimeException e) {
            // a failed sweep must not end the schedule
            LOG.log(Level.WARNING, "a socket sweep failed", e);
        }
    }

    private void sweepOnce() {
        long now = System.nanoTime();
        long silentSince = now - TimeUnit.SECONDS.toNanos(idleTimeoutSeconds);
        long openedBefore = now - SIGN_IN_WITHIN.toNanos();
        var instant = clock.instant();
        for (Connection connection : open) {
            var identity = connection.identity();
            if (identity.isEmpty() && connection.openedAt() - openedBefore < 0) {
                close(connection, CloseCodes.VIOLATED_POLICY, "sign in within " + SIGN_IN_WITHIN.toSeconds() + " seconds");
            } else if (identity.isPresent() && !identity.get().expiresAt().isAfter(instant)) {
                close(connection, CloseCodes.VIOLATED_POLICY, "the token has expired");
            } else if (connection.lastHeard() - silentSince < 0) {
                close(connection, CloseCodes.GOING_AWAY, "silent for " + idleTimeoutSeconds + " seconds");
            }
        }
    }

    private void close(Connection connection, CloseCodes code, String reason) {
        open.remove(connection);
        connection.close(code, reason);
    }
}
