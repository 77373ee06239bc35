package com.liveroom.platform.control;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.UUID;

/**
 * One map of the data grid per server of the cluster, named after the server's member id: each server writes only
 * its own and reads the others'. A server that leaves the cluster, even killed, takes its map with it: the others
 * drop it when the grid reports it gone, and a server that stops drops its own.
 * <p>
 * Concurrency: the maps are the grid's, safe from any thread; this object holds no state of its own.
 */
public final class MemberMaps<K, V> {

    private static final Logger LOG = System.getLogger(MemberMaps.class.getName());

    private final HazelcastInstance grid;
    private final String prefix;
    private final UUID listener;

    public MemberMaps(HazelcastInstance grid, String prefix) {
        this.grid = grid;
        this.prefix = prefix;
        this.listener = grid.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // it writes its own map from nothing
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                of(event.getMember()).destroy();
            }
        });
    }

    /** This server's map. */
    public IMap<K, V> mine() {
        return of(grid.getCluster().getLocalMember());
    }

    /** The maps of the other servers in the cluster now; none when this server is alone. */
    public List<IMap<K, V>> others() {
        return grid.getCluster().getMembers().stream().filter(member -> !member.localMember()).map(this::of).toList();
    }

    /** Stops following the cluster and drops this server's map: call when the application stops. */
    public void close() {
        try {
            grid.getCluster().removeMembershipListener(listener);
            mine().destroy();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "the data grid stopped first", e);
        }
    }

    private IMap<K, V> of(Member member) {
        return grid.getMap(prefix + member.getUuid());
    }
}
