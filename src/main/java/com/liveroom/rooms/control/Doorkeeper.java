package com.liveroom.rooms.control;

import com.liveroom.moderation.control.Moderation;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.entity.Stream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Lets sockets into rooms. Runs on the chat writer's thread, between two commits: what a resuming member is
 * replayed is exactly what was committed before it joined, and everything committed after reaches it live.
 * A gap larger than the replay cap, or a history of another epoch, is never replayed in part: the member
 * is told (410) to reload from history and continues live.
 */
@ApplicationScoped
public class Doorkeeper {

    public static final int GONE = 410;
    private static final Logger LOG = System.getLogger(Doorkeeper.class.getName());

    @Inject
    Streams streams;

    @Inject
    History history;

    @Inject
    Broadcaster broadcaster;

    @Inject
    FrameCodec codec;

    @Inject
    Moderation moderation;

    @Inject
    RoomRegistry registry;

    @Inject
    @ConfigProperty(name = "liveroom.resume.replay-cap", defaultValue = "1000")
    int replayCap;

    void admit(Admission admission) {
        Connection connection = admission.connection();
        long streamId = streams.idOfRoom(admission.topic())
                .orElseThrow(() -> Refusal.notFound("no room " + admission.topic()));
        welcome(streamId, connection);
        Stream stream = streams.existing(streamId);
        long last = stream.lastSeq();
        var state = new Joined(admission.topic(), streamId, stream.epoch(), last, 0);
        if (!admission.resuming()) {
            broadcaster.admit(streamId, connection, last);
            connection.send(codec.event(FrameCodec.JOINED, "joined", state));
            return;
        }
        long since = admission.since();
        boolean sameHistory = stream.epoch().equals(admission.epoch()) && since >= 0 && since <= last;
        if (!sameHistory || last - since > replayCap) {
            broadcaster.admit(streamId, connection, last);
            connection.send(codec.event(GONE, sameHistory ? "too far behind: reload from history"
                    : "the room's history has changed: reload from history", state));
            return;
        }
        List<ItemView> missed = history.after(streamId, since, (int) (last - since));
        missed.forEach(item -> connection.send(codec.item(item)));
        broadcaster.admit(streamId, connection, last);
        connection.send(codec.event(FrameCodec.JOINED, "joined", new Joined(admission.topic(), streamId,
                stream.epoch(), last, missed.size())));
    }

    /**
     * A ban checked again here, in order with the chat writer's other work: a ban's removal of the user's sockets
     * runs on this thread too, so a join is either refused or let in and then removed, never let in after it.
     */
    private void welcome(long streamId, Connection connection) {
        long user = connection.identity().map(identity -> identity.caller().id()).orElse(-1L);
        try {
            moderation.requireWelcome(streamId, user);
        } catch (Refusal refused) {
            registry.leave(streamId, connection);
            throw refused;
        }
    }

    void refuse(Admission admission, RuntimeException reason) {
        Refusal refusal = reason instanceof Refusal r ? r : new Refusal(Refusal.UNAVAILABLE, "could not join: try again");
        if (!(reason instanceof Refusal)) {
            LOG.log(Level.WARNING, "a join failed: {0}", reason.toString());
        }
        admission.connection().send(codec.error(refusal.code(), refusal.getMessage()));
    }

    /** What a member learns on joining: where the room's history stands, and how many items it was replayed. */
    public record Joined(String topic, long stream, String epoch, long seq, int replayed) {
    }
}
