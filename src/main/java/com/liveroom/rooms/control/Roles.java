package com.liveroom.rooms.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.entity.Stream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who may run a room. The one place every host-side action asks, so a role means the same thing in
 * questions, moderation and room settings.
 */
@ApplicationScoped
public class Roles {

    @Inject
    Streams streams;

    /** Whether the user runs the room: its host. */
    public boolean mayModerate(Stream stream, long userId) {
        return stream.isHostedBy(userId);
    }

    /** The stream, when the caller runs it; 403 otherwise. */
    public Stream requireModerator(long streamId, Caller caller, String action) {
        Stream stream = streams.existing(streamId);
        if (!mayModerate(stream, caller.id())) {
            throw Refusal.forbidden("only the stream's host or a moderator may " + action);
        }
        return stream;
    }
}
