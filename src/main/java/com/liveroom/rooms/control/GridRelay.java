package com.liveroom.rooms.control;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import com.liveroom.platform.control.Clocks;
import com.liveroom.platform.control.DataGrid;
import com.liveroom.platform.control.Refusal;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.UUID;

/**
 * Carries committed items between the servers of a cluster over Payara's {@link DataGrid}. Each server publishes
 * what it commits on one topic; each hands what the others published to its {@link Broadcaster}, on the chat
 * writer's thread, which puts everything in {@code seq} order.
 * <p>
 * A plain Hazelcast topic, not Payara's clustered CDI events: the topic delivers one publisher's messages in the
 * order they were published, while the CDI event bus hands each event to a thread pool and so loses that order.
 * Neither promises delivery; the broadcaster fills whatever does not arrive from the database, and when a server
 * leaves the cluster (it may have died between a commit and its publish) every room is caught up from there.
 * The message is JSON text, so no class of this application has to be known to the grid's threads.
 */
@ApplicationScoped
public class GridRelay {

    static final String TOPIC = "liveroom.items";
    private static final Logger LOG = System.getLogger(GridRelay.class.getName());

    @Inject
    DataGrid dataGrid;

    @Inject
    ChatWriter writer;

    @Inject
    Broadcaster broadcaster;

    @Inject
    FrameCodec codec;

    @Inject
    Clocks clocks;

    private HazelcastInstance grid;
    private ITopic<String> topic;
    private UUID messages;
    private UUID members;

    /** The relay listens from the start, not from the first commit. */
    void startWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object started) {
        isClustered();
    }

    @PostConstruct
    void connect() {
        grid = dataGrid.instance().orElse(null);
        if (grid == null) {
            return;
        }
        topic = grid.getTopic(TOPIC);
        messages = topic.addMessageListener(this::received);
        members = grid.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // a new server starts from the database: nothing to hand it
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                LOG.log(Level.INFO, "server {0} left the cluster: catching up every room from the database",
                        event.getMember().getAddress());
                relay(broadcaster::catchUp);
            }
        });
        LOG.log(Level.INFO, "chat items travel over the data grid, topic {0}; {1} server(s) in the cluster", TOPIC,
                grid.getCluster().getMembers().size());
    }

    @PreDestroy
    void disconnect() {
        if (grid == null) {
            return;
        }
        try {
            topic.removeMessageListener(messages);
            grid.getCluster().removeMembershipListener(members);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "the data grid stopped first", e);
        }
    }

    public boolean isClustered() {
        return grid != null;
    }

    /** Runs on the chat writer's thread, right after the commit: the publish only hands the message to the grid. */
    void onCommitted(@Observes ItemsCommitted committed) {
        if (grid == null || grid.getCluster().getMembers().size() < 2) {
            // alone, nobody would hear it; a server that joins later starts from the database
            return;
        }
        try {
            topic.publish(codec.views(committed.items().stream().map(item -> ItemView.of(item, clocks)).toList()));
        } catch (RuntimeException e) {
            // the other servers fill the gap from the database when the room's next item reaches them
            LOG.log(Level.WARNING, "could not publish committed items to the data grid: {0}", e.toString());
        }
    }

    private void received(Message<String> message) {
        if (message.getPublishingMember() != null && message.getPublishingMember().localMember()) {
            // this server's own commits were broadcast when they were made
            return;
        }
        List<ItemView> items;
        try {
            items = codec.views(message.getMessageObject());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "an unreadable message on the data grid: {0}", e.toString());
            return;
        }
        relay(() -> broadcaster.broadcast(items));
    }

    private void relay(Runnable work) {
        try {
            writer.between(work);
        } catch (Refusal busy) {
            // dropped: the room's next item shows the gap, and the broadcaster fills it from the database
            LOG.log(Level.WARNING, "the chat writer is too busy to take items from the data grid");
        }
    }
}
