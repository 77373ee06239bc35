package com.liveroom.polls.control;

import com.liveroom.moderation.control.ModerationStore;
import com.liveroom.moderation.control.NamedModerator;
import com.liveroom.rooms.control.RoomEvent;
import com.liveroom.rooms.entity.Stream;
import com.liveroom.wire.Frames;
import com.liveroom.wire.WireCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * The polls' socket events ({@link WireCodes#POLL} 240 and {@link WireCodes#POLL_RESULTS} 241; never 200, which the
 * mini-program page takes for a chat item). Each is fired after the change it reports has committed, encoded once,
 * as a {@link RoomEvent}: delivery queues it for the room's members here, and the cluster relays it to the other
 * servers.
 */
@ApplicationScoped
public class PollEvents {

    @Inject
    Event<RoomEvent> told;

    @Inject
    Frames frames;

    @Inject
    ModerationStore moderation;

    /** An open or closed poll: to every member of the room. */
    public void toRoom(PollView shown) {
        told.fire(RoomEvent.toRoom(shown.stream(), frames.event(WireCodes.POLL, "poll", shown)));
    }

    /**
     * A draft was made, changed or deleted: only the room's host and moderators may know of it, so the frame goes to
     * their sockets in the room alone, each by user (as the question board's held questions do).
     */
    public void toRunners(Stream stream, PollView shown) {
        String frame = frames.event(WireCodes.POLL, "poll", shown);
        told.fire(RoomEvent.toUser(stream.id(), stream.hostId(), frame));
        for (NamedModerator named : moderation.moderators(stream.id())) {
            told.fire(RoomEvent.toUser(stream.id(), named.moderator().userId(), frame));
        }
    }

    /** An open poll's counts: ambient, so the delivery engine conflates them per poll ({@code pollId}). */
    public void results(PollResults results) {
        told.fire(RoomEvent.toRoom(results.stream(), frames.event(WireCodes.POLL_RESULTS, "results", results)));
    }
}
