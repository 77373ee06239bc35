package com.liveroom.rooms.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Deadlines on sockets: signing in soon after opening, and the end of the token a socket signed in with. */
@ApplicationScoped
public class SocketTimers {

    @Resource
    ManagedScheduledExecutorService scheduler;

    public ScheduledFuture<?> after(Duration delay, Runnable action) {
        return scheduler.schedule(action, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    public ScheduledFuture<?> at(Instant when, Runnable action) {
        return after(Duration.between(Instant.now(), when).isNegative() ? Duration.ZERO : Duration.between(Instant.now(), when), action);
    }
}
