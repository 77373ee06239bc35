package com.liveroom.rooms.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The one way a room event that is not a chat item reaches its members: those on this server at once, those on the
 * other servers of a cluster over the data grid ({@link GridRelay}), where it is delivered on the chat writer's
 * thread behind the items that server had before it. Moderation ({@code RoomEvents}) and the question board
 * ({@code QuestionEvents}) send through it; the online count ({@link Presence}) is computed for the whole cluster
 * on every server, so each delivers it to its own members only.
 * <p>
 * Concurrency: {@link #deliver} only queues frames to outboxes and changes the registry's concurrent sets; the
 * catch-up before an event that {@link RoomEvent#supersedes supersedes} an item touches the broadcaster, and so runs
 * only when the caller is the chat writer (as moderation's events and every event from the grid are).
 */
@ApplicationScoped
public class RoomCast {

    private static final Logger LOG = System.getLogger(RoomCast.class.getName());

    @Inject
    RoomRegistry registry;

    @Inject
    Broadcaster broadcaster;

    @Inject
    ChatWriter writer;

    @Inject
    GridRelay relay;

    /** To the event's members here, then to those on the other servers. */
    public void send(RoomEvent event) {
        deliver(event);
        relay.publish(event);
    }

    /** To the event's members on this server only. */
    public void deliver(RoomEvent event) {
        if (event.supersedes() > 0 && writer.isWriterThread()) {
            broadcaster.supersede(event.stream(), event.supersedes());
        }
        Outgoing frame = Outgoing.of(event.frame());
        for (Connection member : registry.members(event.stream())) {
            if (!event.isFor(member)) {
                continue;
            }
            try {
                if (event.removes()) {
                    registry.leave(event.stream(), member);
                }
                member.send(frame);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not queue an event for connection {0}", member.id());
            }
        }
    }
}
