package com.liveroom.moderation.control;

import com.liveroom.moderation.entity.Moderator;

/** A moderator with the name and avatar its user shows: one row of the room's moderators. */
public record NamedModerator(Moderator moderator, String displayName, String avatarUrl) {
}
