package com.liveroom.moderation.control;

import com.liveroom.moderation.entity.Sanction;

/** A mute or ban with the name of the user it holds: one row of the room's mutes or bans. */
public record NamedSanction(Sanction sanction, String displayName) {
}
