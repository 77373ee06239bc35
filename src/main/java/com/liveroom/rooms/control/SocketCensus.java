package com.liveroom.rooms.control;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.liveroom.platform.control.DataGrid;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.UUID;

/**
 * How many sockets each user holds on the other servers of the cluster, so that the per-user socket limit
 * ({@link Limits#openSocket}) counts the whole cluster. Each server writes its own counts to a map of the data grid
 * named after its member id, and reads the other servers' maps when a socket signs in. A server that leaves the
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

    private HazelcastInstance grid;
    private IMap<Long, Integer> mine;
    private UUID members;

    @PostConstruct
    void start() {
        grid = dataGrid.instance().orElse(null);
        if (grid == null) {
            return;
        }
        mine = counts(grid.getCluster().getLocalMember());
        members = grid.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // it counts its own sockets from zero
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                counts(event.getMember()).destroy();
            }
        });
    }

    @PreDestroy
    void stop() {
        if (grid == null) {
            return;
        }
        try {
            grid.getCluster().removeMembershipListener(members);
            mine.destroy();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "the data grid stopped first", e);
        }
    }

    /** The user's sockets on the other servers. */
    int elsewhere(long userId) {
        if (grid == null) {
            return 0;
        }
        int sockets = 0;
        try {
            for (Member member : grid.getCluster().getMembers()) {
                if (!member.localMember()) {
                    Integer count = counts(member).get(userId);
                    sockets += count == null ? 0 : count;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not read the socket counts of the other servers: {0}", e.toString());
        }
        return sockets;
    }

    /** Tells the other servers how many sockets the user now holds here. */
    void holds(long userId, int sockets) {
        if (grid == null) {
            return;
        }
        try {
            if (sockets > 0) {
                mine.set(userId, sockets);
            } else {
                mine.delete(userId);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not publish a socket count to the data grid: {0}", e.toString());
        }
    }

    private IMap<Long, Integer> counts(Member member) {
        return grid.getMap(MAP_PREFIX + member.getUuid());
    }
}
