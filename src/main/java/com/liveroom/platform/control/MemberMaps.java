package com.liveroom.platform.control;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
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
 * A cluster that split (a server frozen or cut off past the grid's heartbeat timeout) runs as two until the grid
 * merges them: each side has dropped the other's map by then, and the merging side comes back under a new member id.
 * So whenever a server joins, or this one merges back, {@code rejoined} is run (on a grid thread): its owner writes
 * its whole map again. This server's map under its former id is dropped.
 * <p>
 * Concurrency: the maps are the grid's, safe from any thread; the only state here is the member id this server's
 * map was last named after, volatile.
 */
public final class MemberMaps<K, V> {

    private static final Logger LOG = System.getLogger(MemberMaps.class.getName());

    private final HazelcastInstance grid;
    private final String prefix;
    private final UUID members;
    private final UUID lifecycle;
    private volatile UUID localId;

    public MemberMaps(HazelcastInstance grid, String prefix) {
        this(grid, prefix, () -> {
        });
    }

    /** @param rejoined run when another server joins the cluster or this one merges back into it */
    public MemberMaps(HazelcastInstance grid, String prefix, Runnable rejoined) {
        this.grid = grid;
        this.prefix = prefix;
        this.localId = grid.getCluster().getLocalMember().getUuid();
        this.members = grid.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                rejoined.run();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                of(event.getMember()).destroy();
            }
        });
        this.lifecycle = grid.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleState.MERGED) {
                dropFormerMap();
                rejoined.run();
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
            grid.getCluster().removeMembershipListener(members);
            grid.getLifecycleService().removeLifecycleListener(lifecycle);
            mine().destroy();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "the data grid stopped first", e);
        }
    }

    /** A merge gives this server a new member id: its map under the old one is nobody's now. */
    private void dropFormerMap() {
        UUID now = grid.getCluster().getLocalMember().getUuid();
        UUID before = localId;
        localId = now;
        if (!now.equals(before)) {
            try {
                grid.getMap(prefix + before).destroy();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "could not drop the map of this server's former member id", e);
            }
        }
    }

    private IMap<K, V> of(Member member) {
        return grid.getMap(prefix + member.getUuid());
    }
}
