package com.liveroom.delivery.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.control.Streams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * A like frame's way from a socket to the likes count: the sender must be in the room (which also keeps a banned
 * user out: a ban takes the user's sockets out of the room), then {@link LikeTapped} says so. Thousands of taps a
 * second come this way, so nothing here reads the database: the room is one this server has already resolved (a
 * room the socket joined always is), and the observer counts in memory.
 * <p>
 * Concurrency: stateless.
 */
@ApplicationScoped
public class LikeIntake {

    @Inject
    Streams streams;

    @Inject
    Event<LikeTapped> tapped;

    public void accept(Member member, Caller caller, Inbound.Like like) {
        long streamId = streams.knownRoom(like.topic()).filter(member::isIn)
                .orElseThrow(() -> Refusal.forbidden("join the room before liking it"));
        tapped.fire(new LikeTapped(streamId, caller.id(), like.count()));
    }
}
