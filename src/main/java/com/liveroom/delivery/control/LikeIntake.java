package com.liveroom.delivery.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.control.Streams;
import com.liveroom.wire.Frames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * A like frame's way from a socket to the likes count: the sender must be in the room (which also keeps a banned
 * user out: a ban takes the user's sockets out of the room), then {@link LikeTapped} says so. Thousands of taps a
 * second come this way, so nothing here reads the database: the room is one this server has already resolved (a
 * room the socket joined always is), and the observer counts in memory.
 * <p>
 * A refused like is answered {@code {code, msg, data:{topic, like:true}}}: a client with a chat message in flight
 * must not take it for that message's refusal (a refusal without a {@code clientMsgId} is, for an older client).
 * <p>
 * Concurrency: stateless.
 */
@ApplicationScoped
public class LikeIntake {

    @Inject
    Streams streams;

    @Inject
    Event<LikeTapped> tapped;

    @Inject
    RoomRegistry registry;

    @Inject
    Frames frames;

    public void accept(Member member, Caller caller, Inbound.Like like) {
        try {
            long streamId = streams.knownRoom(like.topic()).filter(member::isIn)
                    .orElseThrow(() -> Refusal.forbidden("join the room before liking it"));
            tapped.fire(new LikeTapped(streamId, caller.id(), like.count()));
        } catch (Refusal refused) {
            registry.send(member, frames.event(refused.code(), refused.getMessage(), new Refused(like.topic(), true)));
        }
    }

    /** What a refused like's frame names: the room, and that it was a like. */
    public record Refused(String topic, boolean like) {
    }
}
