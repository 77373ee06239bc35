package com.liveroom.rooms.control;

import com.liveroom.platform.control.Clocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Pushes committed items to the members of their room on this server, in the room's {@code seq} order and each
 * once; each item is encoded once and the same text queued for all.
 * <p>
 * Items reach a server two ways: its own commits ({@link ItemsCommitted}) and, in a cluster, the commits of the
 * other servers ({@link GridRelay}). The two do not interleave in {@code seq} order: another server may commit 10
 * and this one 11 before 10 has come over the grid, and an item may not come at all (its server died between
 * commit and publish, or the grid dropped it). So each room keeps a line, the last {@code seq} broadcast here: an
 * item at or below it is old and dropped; an item beyond the next one means items are missing, and that range is
 * read from the database (where everything below a committed item is already committed) and broadcast first.
 * Each connection also keeps its own last {@code seq} ({@link Connection#takes}), because a member that joins is
 * answered from the database, which may be ahead of the line; what it already has is not sent again.
 * <p>
 * Concurrency: confined to the chat writer's thread. Commits, joins ({@link Doorkeeper}) and items from the grid
 * are all tasks of that one thread, so the lines need no lock and a join never falls between two deliveries.
 */
@ApplicationScoped
public class Broadcaster {

    private static final Logger LOG = System.getLogger(Broadcaster.class.getName());
    /** The most items a gap is filled with at once; a larger gap is filled in several steps. */
    private static final int FILL_AT_MOST = 1000;

    @Inject
    RoomRegistry registry;

    @Inject
    FrameCodec codec;

    @Inject
    Clocks clocks;

    @Inject
    History history;

    @Inject
    MetricRegistry metrics;

    /** Per room with members here: the last seq broadcast to them. */
    private final Map<Long, Long> lines = new HashMap<>();

    void onCommitted(@Observes ItemsCommitted committed) {
        broadcast(committed.items().stream().map(item -> ItemView.of(item, clocks)).toList());
    }

    /** Broadcasts items committed here or elsewhere, in any order. Chat writer's thread only. */
    public void broadcast(List<ItemView> items) {
        items.forEach(this::broadcast);
    }

    /**
     * Lets a connection into a room where it has every item up to {@code seq} (or is being sent them). Chat writer's
     * thread only.
     */
    void admit(long streamId, Connection connection, long seq) {
        connection.deliveredUpTo(streamId, seq);
        if (registry.members(streamId).isEmpty()) {
            lines.merge(streamId, seq, Math::max);
        }
        registry.join(streamId, connection);
    }

    /**
     * Sends what the database holds beyond each room's line: items another server committed and never announced,
     * because it died first. Run when a server leaves the cluster. Chat writer's thread only.
     */
    public void catchUp() {
        for (var room : List.copyOf(lines.entrySet())) {
            history.after(room.getKey(), room.getValue(), FILL_AT_MOST).forEach(this::broadcast);
        }
    }

    /**
     * Before an event that takes the place of the item at {@code seq} (its deletion): sends the room's members what
     * they lack before it, and moves the line past it, so that the item, should it still be on its way from another
     * server, is never shown after the event. Chat writer's thread only.
     */
    public void supersede(long room, long seq) {
        Long line = lines.get(room);
        if (line == null || line >= seq || registry.members(room).isEmpty()) {
            return;
        }
        if (line < seq - 1) {
            fill(room, line, seq);
        }
        lines.put(room, seq);
    }

    private void broadcast(ItemView item) {
        long room = item.stream();
        if (registry.members(room).isEmpty()) {
            lines.remove(room);
            return;
        }
        Long line = lines.get(room);
        if (line != null && item.seq() <= line) {
            return;
        }
        if (line != null && item.seq() > line + 1) {
            fill(room, line, item.seq());
        }
        send(item);
        lines.put(room, item.seq());
    }

    /** Sends the items between two positions of a room from the database, oldest first. */
    private void fill(long room, long after, long before) {
        metrics.counter("liveroom_gap_fills_total").inc();
        long from = after;
        while (from < before - 1) {
            long reached = from;
            for (ItemView item : history.after(room, from, (int) Math.min(before - 1 - from, FILL_AT_MOST))) {
                if (item.seq() < before) {
                    send(item);
                    reached = item.seq();
                }
            }
            if (reached == from) {
                LOG.log(Level.WARNING, "room {0}: items {1} to {2} are not in the database", room, from + 1, before - 1);
                return;
            }
            from = reached;
        }
    }

    private void send(ItemView item) {
        Outgoing frame = Outgoing.of(codec.item(item));
        Collection<Connection> members = registry.members(item.stream());
        for (Connection member : members) {
            try {
                if (member.takes(item.stream(), item.seq())) {
                    member.send(frame);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not queue an item for connection {0}", member.id());
            }
        }
    }
}
