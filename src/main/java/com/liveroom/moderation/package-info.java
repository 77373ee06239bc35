/**
 * Running a room beyond its host: roles ({@code Roles}: host and moderators), deleting items, mutes and bans, closing
 * a room, slow mode, blocked terms and the audit log. The chat path asks {@code Moderation} once per message; the
 * rules it reads are cached per room ({@code RoomRules}) and forgotten on every server when they change.
 */
package com.liveroom.moderation;
