package com.liveroom.likes.control;

import com.liveroom.platform.control.DataGrid;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Each room's like total, shared by every server of the cluster: a map of the data grid ({@code liveroom.likes},
 * room → total). Each server adds its own taps to it, once a tick, by compare-and-set on the room's entry (a server's
 * delta is added exactly once whatever the others do at the same moment), and reads the total from it. A room's
 * entry is made from the database's total the first time it is needed (every server that races to make it reads the
 * same row; the first one in stands). The grid keeps a backup of each entry on another server, so a server that dies
 * takes only its own taps not yet added. Without a data grid ({@code --nohazelcast}) the map is this server's own.
 * <p>
 * Concurrency: the map is the grid's (or a concurrent map), safe from any thread; the tick thread of {@link Likes}
 * is the only writer here, REST calls read.
 */
@ApplicationScoped
public class RoomTotals {

    static final String MAP = "liveroom.likes";
    private static final Logger LOG = System.getLogger(RoomTotals.class.getName());
    private static final int MAX_TRIES = 100;

    @Inject
    DataGrid dataGrid;

    @Inject
    LikeStore store;

    private ConcurrentMap<Long, Long> totals;

    @PostConstruct
    void start() {
        totals = dataGrid.instance().<ConcurrentMap<Long, Long>>map(grid -> grid.getMap(MAP))
                .orElseGet(ConcurrentHashMap::new);
    }

    /** Adds this server's taps to the room's total and returns the new total. */
    long add(long streamId, long taps) {
        for (int tries = 0; tries < MAX_TRIES; tries++) {
            Long now = totals.get(streamId);
            if (now == null) {
                totals.putIfAbsent(streamId, store.total(streamId));
                continue;
            }
            if (totals.replace(streamId, now, now + taps)) {
                return now + taps;
            }
        }
        throw new IllegalStateException("could not add to the like total of room " + streamId + " in "
                + MAX_TRIES + " tries");
    }

    /** The rooms' totals; a room whose total was never needed is read from the database and put in the grid. */
    Map<Long, Long> of(Collection<Long> streamIds) {
        if (streamIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Long> found = new HashMap<>(totals instanceof com.hazelcast.map.IMap<Long, Long> grid
                ? grid.getAll(Set.copyOf(streamIds)) : read(streamIds));
        for (Long streamId : streamIds) {
            if (!found.containsKey(streamId)) {
                found.put(streamId, of(streamId));
            }
        }
        return found;
    }

    /** The room's total as the grid holds it, or as the database does when the grid has none yet; a read only. */
    long read(long streamId) {
        Long known = totals.get(streamId);
        return known != null ? known : store.total(streamId);
    }

    /** The room's total; a room whose total was never needed is read from the database and put in the grid. */
    long of(long streamId) {
        Long known = totals.get(streamId);
        if (known != null) {
            return known;
        }
        long persisted = store.total(streamId);
        Long first = totals.putIfAbsent(streamId, persisted);
        LOG.log(Level.DEBUG, "like total of room {0} loaded: {1}", streamId, persisted);
        return first == null ? persisted : first;
    }

    private Map<Long, Long> read(Collection<Long> streamIds) {
        Map<Long, Long> found = new HashMap<>();
        streamIds.forEach(id -> {
            Long total = totals.get(id);
            if (total != null) {
                found.put(id, total);
            }
        });
        return found;
    }
}
