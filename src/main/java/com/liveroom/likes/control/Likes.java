package com.liveroom.likes.control;

import com.hazelcast.core.LifecycleEvent;
import com.liveroom.delivery.control.LikeTapped;
import com.liveroom.delivery.control.RoomRegistry;
import com.liveroom.identity.entity.Caller;
import com.liveroom.limits.control.TokenBucket;
import com.liveroom.moderation.control.RoomRules;
import com.liveroom.moderation.control.RoomState;
import com.liveroom.moderation.control.RulesChanged;
import com.liveroom.platform.control.DataGrid;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.control.RoomEvent;
import com.liveroom.rooms.control.Streams;
import com.liveroom.wire.Frames;
import com.liveroom.wire.WireCodes;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Counts the likes of every room, without a database write per tap. A tap (a like frame, or {@code POST
 * .../likes}) takes from the user's allowance ({@code liveroom.likes.per-second}; taps over it are dropped without an
 * answer and counted) and adds to the room's counter in memory. Once a tick ({@code liveroom.likes.flush-ms}, a
 * second) this server adds what it counted into the room's total in the data grid ({@link RoomTotals}), reads the
 * totals of the rooms it has members in, and tells its own members each total that rose (250, ambient; never relayed
 * to the other servers: each of them tells its own members the same grid total). Every
 * {@code liveroom.likes.persist-seconds}, and when the application stops, it writes the totals to the database
 * ({@link LikeStore}), only ever raising them.
 * <p>
 * What a crash loses: a server killed in a cluster loses the taps it had not yet added to the grid (at most one
 * tick's); a lone server killed loses the taps since its last persist (at most {@code persist-seconds}' worth). A
 * clean stop of a lone server loses nothing: it adds and persists everything after its members are gone.
 * <p>
 * Concurrency: taps arrive on socket and request threads and touch only concurrent structures: each room's
 * {@link LongAdder}, each user's {@link TokenBucket} (one second's worth saved up at most) under its own lock, and
 * the concurrent set of closed rooms, which they only read (the tick thread and, after a moderation change here,
 * that change's thread write it).
 * {@code pushed}, {@code persisted} and the ticks counter belong to the one tick thread, and to the thread that stops
 * the application once the ticks have ended. {@code known} (the highest total seen of each room) is a concurrent map
 * merged with {@code max}: written by the tick thread, and by the grid's thread as the grid shuts down (adding the
 * last taps, which empties each adder atomically); read by REST calls.
 */
@ApplicationScoped
public class Likes {

    private static final Logger LOG = System.getLogger(Likes.class.getName());
    private static final String TAPS = "liveroom_likes_taps_total";
    private static final int PRUNE_ABOVE = 10_000;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    RoomTotals totals;

    @Inject
    DataGrid dataGrid;

    @Inject
    LikeStore store;

    @Inject
    RoomRules rules;

    @Inject
    Streams streams;

    @Inject
    RoomRegistry registry;

    @Inject
    Frames frames;

    @Inject
    MetricRegistry metrics;

    @Inject
    @ConfigProperty(name = "liveroom.likes.per-second", defaultValue = "10")
    int perSecond;

    @Inject
    @ConfigProperty(name = "liveroom.likes.flush-ms", defaultValue = "1000")
    long flushMs;

    @Inject
    @ConfigProperty(name = "liveroom.likes.persist-seconds", defaultValue = "5")
    long persistSeconds;

    private final Map<Long, LongAdder> counted = new ConcurrentHashMap<>();
    private final Map<Long, TokenBucket> allowances = new ConcurrentHashMap<>();
    private final Set<Long> closed = ConcurrentHashMap.newKeySet();
    private final Map<Long, Long> known = new ConcurrentHashMap<>();
    private final Map<Long, Long> pushed = new HashMap<>();
    private final Map<Long, Long> persisted = new HashMap<>();
    private long ticks;
    private Counter accepted;
    private Counter overRate;
    private ScheduledExecutorService ticking;

    /** The ticks start with the application, not with the first tap. */
    void startWithTheApplication(@Observes Startup started) {
        // observing is enough: the bean is made, and its ticks scheduled, now
    }

    @PostConstruct
    void start() {
        accepted = metrics.counter(TAPS, new Tag("outcome", "accepted"));
        overRate = metrics.counter(TAPS, new Tag("outcome", "over-rate"));
        // by the time the application stops its class loader loads nothing more: the persisting path is used once
        // now (a write that changes no row), so that the last persist at shutdown finds everything loaded
        try {
            store.raise(0, 0);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the likes store could not be reached at startup: {0}", e.toString());
        }
        // the server's stop may end the data grid before the application: as it begins to, this server's taps go in
        dataGrid.instance().ifPresent(grid -> grid.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                addToTheGrid();
            }
        }));
        ticking = Executors.newSingleThreadScheduledExecutor(threads);
        ticking.scheduleAtFixedRate(this::tick, flushMs, flushMs, TimeUnit.MILLISECONDS);
    }

    /** A member's like frame: refused in a closed room (409), else counted within the user's allowance. */
    void tapped(@Observes LikeTapped tap) {
        if (closed.contains(tap.stream())) {
            throw new Refusal(Refusal.CONFLICT, "the room is closed: it takes no likes");
        }
        count(tap.stream(), tap.user(), tap.count());
    }

    /**
     * A room's rules changed here (closed or reopened, among others): like frames follow at once on this server,
     * not at the next tick. Runs on the thread of the moderation action, after its commit.
     */
    void rulesChanged(@Observes RulesChanged changed) {
        try {
            if (rules.of(changed.streamId()).closed()) {
                closed.add(changed.streamId());
            } else {
                closed.remove(changed.streamId());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not read whether room {0} is closed: {1}", changed.streamId(), e.toString());
        }
    }

    /**
     * Likes over REST: refused in a closed room (409) and to a banned viewer (403); a muted viewer may like. Answers
     * how many of the taps were within the user's allowance, and the room's total as this server knows it now.
     */
    public Tally like(long streamId, Caller caller, int count) {
        RoomState room = rules.of(streamId);
        if (room.closed()) {
            throw new Refusal(Refusal.CONFLICT, "the room is closed: it takes no likes");
        }
        if (!room.runsRoom(caller.id()) && room.ban(caller.id()) != null) {
            throw Refusal.forbidden("you are banned from this room");
        }
        int granted = count(streamId, caller.id(), count);
        return new Tally(streamId, granted, total(streamId));
    }

    /**
     * The room's total as this server knows it: the grid's total (loaded from the database the first time) and the
     * taps counted here that are not in it yet; never less than what this server told its members.
     */
    public long total(long streamId) {
        streams.existing(streamId);
        long grid = Math.max(totals.read(streamId), known.getOrDefault(streamId, 0L));
        LongAdder here = counted.get(streamId);
        return grid + (here == null ? 0 : here.sum());
    }

    private int count(long streamId, long userId, int taps) {
        long now = System.nanoTime();
        TokenBucket allowance = allowances.computeIfAbsent(userId, id -> new TokenBucket(perSecond, perSecond, now));
        int granted;
        synchronized (allowance) {
            granted = allowance.takeUpTo(taps, now);
        }
        if (granted > 0) {
            counted.computeIfAbsent(streamId, id -> new LongAdder()).add(granted);
            accepted.inc(granted);
        }
        if (granted < taps) {
            overRate.inc(taps - granted);
        }
        return granted;
    }

    void tick() {
        try {
            Set<Long> added = addToTheGrid();
            Set<Long> here = Set.copyOf(registry.occupied());
            Set<Long> rooms = new HashSet<>(here);
            rooms.addAll(added);
            totals.of(rooms).forEach((room, total) -> {
                long highest = known.merge(room, total, Math::max);
                if (here.contains(room) && highest > pushed.getOrDefault(room, 0L)) {
                    pushed.put(room, highest);
                    push(room, highest);
                }
            });
            pushed.keySet().retainAll(here);
            // whether a room is closed matters where members tap: the rooms tapped in since the last tick, and those
            // known closed (until they reopen); the rules come from their cache (a read at most every few seconds)
            Set<Long> watched = new HashSet<>(added);
            watched.addAll(closed);
            for (Long room : watched) {
                if (here.contains(room) && rules.of(room).closed()) {
                    closed.add(room);
                } else {
                    closed.remove(room);
                }
            }
            if (++ticks % Math.max(1, TimeUnit.SECONDS.toMillis(persistSeconds) / flushMs) == 0) {
                persist();
            }
            if (allowances.size() > PRUNE_ABOVE) {
                TokenBucket.dropFull(allowances, System.nanoTime());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the likes tick failed: {0}", e.toString());
        }
    }

    /** Adds what was counted here since the last tick into the grid; what cannot be added is kept for the next. */
    private Set<Long> addToTheGrid() {
        Set<Long> added = new HashSet<>();
        for (Map.Entry<Long, LongAdder> room : counted.entrySet()) {
            long taps = room.getValue().sumThenReset();
            if (taps == 0) {
                continue;
            }
            try {
                known.merge(room.getKey(), totals.add(room.getKey(), taps), Math::max);
                added.add(room.getKey());
            } catch (RuntimeException e) {
                room.getValue().add(taps);
                LOG.log(Level.WARNING, "could not add {0} likes to room {1}: {2}", taps, room.getKey(), e.toString());
            }
        }
        return added;
    }

    /**
     * The last addition, as the server stops: the data grid may already be gone (the server's own shutdown stops it
     * alongside the application); the taps it could not take are added to the last total this server knew (or the
     * database's), which is what a lone server's grid held. In a cluster, those taps are lost if the other servers'
     * total has already passed that sum (the persisted total only rises).
     */
    private void addLastTaps() {
        addToTheGrid();
        for (Map.Entry<Long, LongAdder> room : counted.entrySet()) {
            long taps = room.getValue().sumThenReset();
            if (taps > 0) {
                long base = known.containsKey(room.getKey()) ? known.get(room.getKey()) : store.total(room.getKey());
                known.merge(room.getKey(), base + taps, Math::max);
            }
        }
    }

    /** Writes each total this server saw rise since it last wrote it. */
    private void persist() {
        for (Map.Entry<Long, Long> room : known.entrySet()) {
            long total = room.getValue();
            if (total > persisted.getOrDefault(room.getKey(), 0L)) {
                try {
                    store.raise(room.getKey(), total);
                    persisted.put(room.getKey(), total);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not persist the likes of room {0}: {1}", room.getKey(), e.toString());
                }
            }
        }
    }

    private void push(long streamId, long total) {
        String topic = streams.knownRoomNumber(streamId).orElse(null);
        registry.deliver(RoomEvent.toRoom(streamId, frames.event(WireCodes.LIKES, "likes",
                new LikesCount(streamId, topic, total))));
    }

    /**
     * The application stops: after the drain has let the members go (it observes the same moment at the default
     * priority), the ticks end, and what was counted is added to the grid and persisted.
     */
    void stopping(@Observes @Priority(Interceptor.Priority.APPLICATION + 900) @BeforeDestroyed(ApplicationScoped.class)
                  Object application) {
        try {
            ticking.shutdownNow();
            if (!ticking.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "the likes tick did not end in 5 s");
            }
            addLastTaps();
            persist();
            LOG.log(Level.INFO, "likes persisted as the server stops: {0} rooms", persisted.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.ERROR, "the likes could not be persisted as the server stops", e);
        }
    }

    /** The answer to a like over REST. */
    public record Tally(long stream, int accepted, long likes) {
    }

    /** Event 250's data. */
    public record LikesCount(long stream, String topic, long likes) {
    }
}
