package com.liveroom.cluster.control;

import com.liveroom.chat.control.ItemsCommitted;
import com.liveroom.rooms.control.ItemView;
import com.liveroom.rooms.control.RoomEvent;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.topic.ITopic;
import com.liveroom.delivery.control.RoomRegistry;
import com.liveroom.moderation.control.RoomRules;
import com.liveroom.moderation.control.RulesChanged;
import com.liveroom.platform.control.Clocks;
import com.liveroom.platform.control.DataGrid;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.UUID;

/**
 * Carries what a room's members must hear between the servers of a cluster over Payara's {@link DataGrid}: the
 * items each server commits, the room events that are not items ({@link RoomEvent}), and word that a room's
 * moderation rules changed ({@link RulesChanged}). Each server publishes on one topic; each hands what the others
 * published to its {@link RoomRegistry}, whose fan-out thread puts items in {@code seq} order. One topic for all of
 * it, so that an event reaches the other servers behind the items its server sent before it (an answer's question
 * event behind the answer item): the topic keeps one publisher's messages in order, and the fan-out's queue keeps
 * that order. Word of changed rules is acted on at once, on the grid's thread: the cached rules
 * are gone before any event that follows it is delivered.
 * <p>
 * A plain Hazelcast topic, not Payara's clustered CDI events: the topic delivers one publisher's messages in the
 * order they were published, while the CDI event bus hands each event to a thread pool and so loses that order.
 * Neither promises delivery; the registry fills whatever does not arrive from the database, and when a server
 * leaves the cluster (it may have died between a commit and its publish) every room is caught up from there.
 * Likewise when a server joins and when this one merges back after a split (the cluster ran as two meanwhile, each
 * side publishing to itself alone): every room is caught up from the database, past the last {@code seq} passed on.
 * The message is JSON text, so no class of this application has to be known to the grid's threads.
 */
@ApplicationScoped
public class GridRelay {

    static final String TOPIC = "liveroom.rooms";
    private static final Logger LOG = System.getLogger(GridRelay.class.getName());

    @Inject
    DataGrid dataGrid;

    @Inject
    RoomRegistry registry;

    @Inject
    Clocks clocks;

    @Inject
    RoomRules rules;

    private final Jsonb jsonb = JsonbBuilder.create();

    private HazelcastInstance grid;
    private ITopic<String> topic;
    private UUID messages;
    private UUID members;
    private UUID lifecycle;

    /** The relay listens from the start, not from the first commit. */
    void startWithTheApplication(@Observes Startup started) {
        // observing is enough: the bean is made, and its listeners added, now
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
                // a new server starts from the database; one that comes back from a split committed items that were
                // published to nobody (and missed those this server published while it was gone)
                LOG.log(Level.INFO, "server {0} joined the cluster: catching up every room from the database",
                        event.getMember().getAddress());
                registry.catchUpFromDatabase();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                LOG.log(Level.INFO, "server {0} left the cluster: catching up every room from the database",
                        event.getMember().getAddress());
                registry.catchUpFromDatabase();
            }
        });
        lifecycle = grid.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleState.MERGED) {
                merged();
            }
        });
        LOG.log(Level.INFO, "chat items and room events travel over the data grid, topic {0}; {1} server(s) in the cluster", TOPIC,
                grid.getCluster().getMembers().size());
    }

    @PreDestroy
    void disconnect() {
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "closing JSON-B", e);
        }
        if (grid == null) {
            return;
        }
        try {
            topic.removeMessageListener(messages);
            grid.getCluster().removeMembershipListener(members);
            grid.getLifecycleService().removeLifecycleListener(lifecycle);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "the data grid stopped first", e);
        }
    }

    public boolean isClustered() {
        return grid != null;
    }

    /**
     * This server merged back into the cluster after a split: each side committed items the other never heard of.
     * It catches up from the database, and asks the others to do the same now that they hear it: what it committed
     * until it was in again was published to nobody.
     */
    private void merged() {
        LOG.log(Level.INFO, "this server merged back into the cluster: catching up every room from the database");
        registry.catchUpFromDatabase();
        publish(new Message(null, null, null, true), "word of the merge");
    }

    /** Runs on the chat writer's thread, right after the commit: the publish only hands the message to the grid. */
    void committed(@Observes ItemsCommitted committed) {
        // a lost message: the other servers fill the gap from the database when the room's next item reaches them
        publish(new Message(committed.items().stream().map(item -> ItemView.of(item, clocks)).toList(), null, null,
                null), "committed items");
    }

    /** A room event this server's components told their room: to the members on the other servers. */
    void told(@Observes RoomEvent event) {
        publish(new Message(null, event, null, null), "a room event");
    }

    /** Tells the other servers to forget the room's cached moderation rules (see {@link RoomRules#evict}). */
    void rulesChanged(@Observes RulesChanged changed) {
        publish(new Message(null, null, changed.streamId(), null), "changed rules");
    }

    private void publish(Message message, String what) {
        if (grid == null || grid.getCluster().getMembers().size() < 2) {
            // alone, nobody would hear it; a server that joins later starts from the database
            return;
        }
        try {
            topic.publish(jsonb.toJson(message));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not publish {0} to the data grid: {1}", what, e.toString());
        }
    }

    private void received(com.hazelcast.topic.Message<String> published) {
        if (published.getPublishingMember() != null && published.getPublishingMember().localMember()) {
            // this server's own commits and events reached its members when they were made
            return;
        }
        Message message;
        try {
            message = jsonb.fromJson(published.getMessageObject(), Message.class);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "an unreadable message on the data grid: {0}", e.toString());
            return;
        }
        if (message.rulesChanged() != null) {
            rules.forget(message.rulesChanged());
        }
        if (message.items() != null) {
            registry.deliver(message.items());
        }
        if (message.event() != null) {
            registry.deliver(message.event());
        }
        if (Boolean.TRUE.equals(message.merged())) {
            LOG.log(Level.INFO, "a server merged back into the cluster: catching up every room from the database");
            registry.catchUpFromDatabase();
        }
    }

    /**
     * One message on the topic, JSON text, so that no class of this application has to be known to the grid's
     * threads; exactly one part is set.
     *
     * @param items        items a server committed, in {@code seq} order per room
     * @param event        a room event that server delivered to its own members
     * @param rulesChanged a room whose moderation rules that server changed
     * @param merged       true: that server merged back into the cluster after a split, so every room may be behind
     */
    public record Message(List<ItemView> items, RoomEvent event, Long rulesChanged, Boolean merged) {
    }
}
