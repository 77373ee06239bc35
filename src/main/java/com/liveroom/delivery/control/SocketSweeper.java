package com.liveroom.delivery.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason.CloseCodes;
import java.time.Clock;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import com.liveroom.moderation.control.RoomEvents;
import com.liveroom.moderation.control.RoomRules;
import com.liveroom.moderation.control.RoomState;
import com.liveroom.wire.Frames;
import com.liveroom.wire.WireCodes;
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
 * A deadline is therefore kept to within a second. The same sweep takes out banned users whose ban did not reach
 * this server ({@link #removeBanned}).
 * <p>
 * Concurrency: a concurrent set of open members, swept by one thread; what the sweep reads of a member
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

    @Inject
    SocketCloser closer;

    @Inject
    RoomRegistry registry;

    @Inject
    RoomRules rules;

    @Inject
    Frames frames;

    @Resource
    ManagedThreadFactory threads;

    private final Set<Member> open = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService sweeping;

    /**
     * Made with the application, not on a socket's first use: a timer started from a socket's thread would carry
     * that socket's invocation context into every sweep, and the container would close that context's resources.
     */
    void startWithTheApplication(@Observes Startup started) {
        // observing is enough: the bean is made, and its schedule started, now
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

    public void watch(Member member) {
        open.add(member);
    }

    public void forget(Member member) {
        open.remove(member);
    }

    /** The sockets open now (a snapshot). */
    public List<Member> members() {
        return List.copyOf(open);
    }

    private void sweep() {
        try {
            sweepOnce();
            removeBanned();
        } catch (RuntimeException e) {
            // a failed sweep must not end the schedule
            LOG.log(Level.WARNING, "a socket sweep failed", e);
        }
    }

    /**
     * A ban's event may not have reached this server (the data grid lost it, or the user joined here meanwhile): each
     * sweep takes any banned user's sockets still in a room here out of it, as the rules cached here say
     * ({@code liveroom.moderation.cache-seconds} old at most). Every server does the same for its own sockets.
     */
    private void removeBanned() {
        for (Long streamId : List.copyOf(registry.occupied())) {
            RoomState room = rules.of(streamId);
            Set<Long> banned = room.bans().keySet().stream().filter(user -> !room.runsRoom(user))
                    .collect(Collectors.toSet());
            if (!banned.isEmpty()) {
                registry.remove(streamId, banned, user -> {
                    String reason = room.bans().get(user).reason();
                    return frames.event(WireCodes.BANNED, "you are banned from this room"
                            + (reason == null ? "" : ": " + reason),
                            new RoomEvents.Banned(streamId, room.roomNumber(), user, reason));
                });
            }
        }
    }

    private void sweepOnce() {
        long now = System.nanoTime();
        long silentSince = now - TimeUnit.SECONDS.toNanos(idleTimeoutSeconds);
        long openedBefore = now - SIGN_IN_WITHIN.toNanos();
        var instant = clock.instant();
        for (Member member : open) {
            var identity = member.identity();
            if (identity.isEmpty() && member.openedAt() - openedBefore < 0) {
                close(member, CloseCodes.VIOLATED_POLICY, "sign in within " + SIGN_IN_WITHIN.toSeconds() + " seconds");
            } else if (identity.isPresent() && !identity.get().expiresAt().isAfter(instant)) {
                close(member, CloseCodes.VIOLATED_POLICY, "the token has expired");
            } else if (member.lastHeard() - silentSince < 0) {
                close(member, CloseCodes.GOING_AWAY, "silent for " + idleTimeoutSeconds + " seconds");
            }
        }
    }

    private void close(Member member, CloseCodes code, String reason) {
        open.remove(member);
        closer.close(member, code, reason);
    }
}
