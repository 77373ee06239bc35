package com.liveroom.rooms.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Closes sockets that have sent nothing for the idle timeout. The container could do this itself, but it
 * re-arms a timer task on every frame sent or received, which on a busy room costs more than the sending; one
 * sweep a second over a timestamp per socket costs next to nothing.
 * <p>
 * Concurrency: a concurrent set of open connections; each connection's last-heard time is a volatile field.
 */
@ApplicationScoped
public class IdleSweeper {

    @Inject
    @ConfigProperty(name = "liveroom.ws.idle-timeout-seconds", defaultValue = "30")
    long idleTimeoutSeconds;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> sweeping;

    @PostConstruct
    void start() {
        sweeping = scheduler.scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        sweeping.cancel(false);
    }

    public void watch(Connection connection) {
        open.add(connection);
    }

    public void forget(Connection connection) {
        open.remove(connection);
    }

    public int open() {
        return open.size();
    }

    private void sweep() {
        long silentSince = System.nanoTime() - TimeUnit.SECONDS.toNanos(idleTimeoutSeconds);
        for (Connection connection : open) {
            if (connection.lastHeard() - silentSince < 0) {
                open.remove(connection);
                connection.close(CloseCodes.GOING_AWAY, "silent for " + idleTimeoutSeconds + " seconds");
            }
        }
    }
}
