package com.liveroom.limits.control;

import com.hazelcast.map.IMap;
import com.liveroom.platform.control.DataGrid;
import com.liveroom.platform.control.MemberMaps;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.util.concurrent.CompletionStage;
import java.lang.System.Logger.Level;

/**
 * How many sockets each user holds on the other servers of the cluster, so that the per-user socket limit
 * ({@link Limits#openSocket}) counts the whole cluster. Each server writes its own counts to a map of the data grid
 * of its own ({@link MemberMaps}), and reads the other servers' maps when a socket signs in. A server that leaves the
 * cluster, even killed, takes its sockets with it: the others drop its map.
 * <p>
 * Not a lock across the cluster: two sockets of one user that sign in at the same moment on two servers may both
 * pass, so the limit can be overshot by one socket per server, never more. A grid that fails leaves each server
 * counting its own sockets only.
 */
@ApplicationScoped
public class SocketCensus {

    private static final String MAP_PREFIX = "liveroom.sockets.";
    private static final Logger LOG = System.getLogger(SocketCensus.class.getName());

    @Inject
    DataGrid dataGrid;

    private MemberMaps<Long, Integer> counts;

    @PostConstruct
    void start() {
        counts = dataGrid.instance().map(grid -> new MemberMaps<Long, Integer>(grid, MAP_PREFIX)).orElse(null);
    }

    @PreDestroy
    void stop() {
        if (counts != null) {
            counts.close();
        }
    }

    /** The user's sockets on the other servers. */
    int elsewhere(long userId) {
        if (counts == null) {
            return 0;
        }
        int sockets = 0;
        try {
            for (IMap<Long, Integer> other : counts.others()) {
                Integer count = other.get(userId);
                sockets += count == null ? 0 : count;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not read the socket counts of the other servers: {0}", e.toString());
        }
        return sockets;
    }

    /**
     * Tells the other servers how many sockets the user now holds here, without waiting for the grid: a sign-in never
     * waits on a map operation, and the count is advisory anyway (see above).
     */
    void holds(long userId, int sockets) {
        if (counts == null) {
            return;
        }
        try {
            CompletionStage<?> written = sockets > 0 ? counts.mine().setAsync(userId, sockets)
                    : counts.mine().removeAsync(userId);
            written.whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.log(Level.WARNING, "could not publish a socket count to the data grid: {0}", failure.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not publish a socket count to the data grid: {0}", e.toString());
        }
    }
}
