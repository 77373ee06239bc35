package com.liveroom.moderation.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * When each viewer last spoke in each room, for slow mode. Kept in memory on this server: a viewer's sockets
 * to one room normally reach one server, and a restart merely forgives one wait.
 * <p>
 * Concurrency: one atomic {@code compute} per message, so two sockets of one viewer cannot both slip through.
 */
@ApplicationScoped
public class SlowMode {

    private static final long FORGET_AFTER = TimeUnit.HOURS.toNanos(2);

    private final Map<Key, Long> lastSpoke = new ConcurrentHashMap<>();

    /**
     * Takes the viewer's turn to speak.
     *
     * @return 0 if the viewer may speak now (the turn is taken), else the milliseconds left to wait
     */
    public long take(long streamId, long userId, int seconds, long nowNanos) {
        long interval = TimeUnit.SECONDS.toNanos(seconds);
        long[] wait = {0};
        lastSpoke.compute(new Key(streamId, userId), (key, last) -> {
            if (last != null && nowNanos - last < interval) {
                wait[0] = Math.max(1, TimeUnit.NANOSECONDS.toMillis(interval - (nowNanos - last)));
                return last;
            }
            return nowNanos;
        });
        if (lastSpoke.size() > 100_000) {
            lastSpoke.values().removeIf(last -> nowNanos - last > FORGET_AFTER);
        }
        return wait[0];
    }

    private record Key(long streamId, long userId) {
    }
}
