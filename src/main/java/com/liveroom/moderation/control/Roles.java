package com.liveroom.moderation.control;

import com.liveroom.rooms.control.Streams;

import com.liveroom.identity.entity.Caller;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.entity.Stream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who may run a room. The one place every host-side action asks, so a role means the same thing in
 * questions, moderation and room settings. The host runs its room, and so do the moderators it appoints;
 * some actions (appointing moderators, reading the audit log) stay the host's alone. Roles are read from the
 * database on every action, so a dismissed moderator loses its rights at once, on every server.
 */
@ApplicationScoped
public class Roles {

    @Inject
    Streams streams;

    @Inject
    ModerationStore moderators;

    /** Whether the user runs the room: its host or one of its moderators. */
    public boolean mayModerate(Stream stream, long userId) {
        return stream.isHostedBy(userId) || moderators.isModerator(stream.id(), userId);
    }

    /** The stream, when the caller runs it; 403 otherwise. */
    public Stream requireModerator(long streamId, Caller caller, String action) {
        Stream stream = streams.existing(streamId);
        if (!mayModerate(stream, caller.id())) {
            throw Refusal.forbidden("only the stream's host or a moderator may " + action);
        }
        return stream;
    }

    /** The stream, when the caller is its host; 403 otherwise (also to moderators). */
    public Stream requireHost(long streamId, Caller caller, String action) {
        Stream stream = streams.existing(streamId);
        if (!stream.isHostedBy(caller.id())) {
            throw Refusal.forbidden("only the stream's host may " + action);
        }
        return stream;
    }
}
