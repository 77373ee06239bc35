package com.liveroom.presence.control;

import com.hazelcast.map.IMap;
import com.liveroom.platform.control.DataGrid;
import com.liveroom.platform.control.MemberMaps;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Who is in each room on the other servers of the cluster, so that the online count ({@link Presence}) is the
 * number of distinct users in the room across the cluster: one viewer with a tab on each of two servers counts once.
 * Like {@link SocketCensus}, each server writes its own rooms to a map of the data grid of its own
 * ({@link MemberMaps}: room → the users in it there), and reads the other servers' maps; a server that leaves the
 * cluster, even killed, takes its users with it: the others drop its map.
 * <p>
 * Each server publishes its rooms once per presence tick, not on every join and leave, so a count seen elsewhere is
 * at most one tick behind. A grid that fails leaves each server counting its own users only. When a server joins, or
 * this one merges back into the cluster after a split, each server writes its whole map again at the next tick, so
 * the counts cover every server again within a tick of the merge.
 * <p>
 * Concurrency: {@link #publish} runs on the presence tick's thread only (a fixed-rate task never overlaps itself),
 * which alone touches {@code published}; {@link #elsewhere} may run on any thread; {@code rewrite} is set from the
 * grid's threads.
 */
@ApplicationScoped
public class OnlineCensus {

    private static final String MAP_PREFIX = "liveroom.online.";
    private static final Logger LOG = System.getLogger(OnlineCensus.class.getName());

    @Inject
    DataGrid dataGrid;

    private MemberMaps<Long, long[]> maps;
    /** What this server last wrote to its map. */
    private final Map<Long, Set<Long>> published = new HashMap<>();
    /**
     * Set when a server joined or this one merged back after a split: the map may have lost what was written, or
     * hold what a split side wrote long ago, so the next tick writes it whole.
     */
    private final AtomicBoolean rewrite = new AtomicBoolean(true);

    @PostConstruct
    void start() {
        maps = dataGrid.instance()
                .map(grid -> new MemberMaps<Long, long[]>(grid, MAP_PREFIX, () -> rewrite.set(true)))
                .orElse(null);
    }

    @PreDestroy
    void stop() {
        if (maps != null) {
            maps.close();
        }
    }

    /** Tells the other servers who is in each room here now; a room left out has nobody here. */
    void publish(Map<Long, Set<Long>> here) {
        if (maps == null || maps.others().isEmpty()) {
            // alone, nobody reads it; what was written stays as recorded in published, and is brought up to date
            // when another server joins
            return;
        }
        boolean whole = rewrite.getAndSet(false);
        if (whole) {
            published.clear();
        }
        Map<Long, long[]> changed = new HashMap<>();
        here.forEach((room, users) -> {
            if (!users.equals(published.get(room))) {
                changed.put(room, users.stream().mapToLong(Long::longValue).toArray());
            }
        });
        Set<Long> left = new HashSet<>(published.keySet());
        left.removeAll(here.keySet());
        try {
            IMap<Long, long[]> mine = maps.mine();
            if (whole) {
                for (Long room : mine.keySet()) {
                    if (!here.containsKey(room)) {
                        left.add(room);
                    }
                }
            }
            if (!changed.isEmpty()) {
                mine.putAll(changed);
            }
            left.forEach(mine::delete);
            published.keySet().removeAll(left);
            changed.keySet().forEach(room -> published.put(room, Set.copyOf(here.get(room))));
        } catch (RuntimeException e) {
            // nothing is taken as written: the next tick writes it all again
            rewrite.set(true);
            LOG.log(Level.WARNING, "could not publish who is online to the data grid: {0}", e.toString());
        }
    }

    /** The users in each of these rooms on the other servers; a room with nobody there is left out. */
    Map<Long, Set<Long>> elsewhere(Collection<Long> rooms) {
        Map<Long, Set<Long>> there = new HashMap<>();
        if (maps == null || rooms.isEmpty()) {
            return there;
        }
        Set<Long> keys = Set.copyOf(rooms);
        try {
            for (IMap<Long, long[]> other : maps.others()) {
                other.getAll(keys).forEach((room, ids) -> Arrays.stream(ids)
                        .forEach(id -> there.computeIfAbsent(room, r -> new HashSet<>()).add(id)));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not read who is online on the other servers: {0}", e.toString());
        }
        return there;
    }
}
