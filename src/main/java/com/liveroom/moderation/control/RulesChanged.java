package com.liveroom.moderation.control;

/** A room's moderation rules changed on this server and are committed: every server must forget its cached copy. */
public record RulesChanged(long streamId) {
}
