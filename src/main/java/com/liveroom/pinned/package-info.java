/**
 * The pinned announcement: the host or a moderator pins a text (new, or one of the room's items) above the chat for
 * a while or until taken down, one at a time. The database holds each room's pin with a version every change raises;
 * the room hears of each change as event 260, and delivery keeps the newest word per room in memory, so that a
 * member joining or resuming is given it right after its 201, and sends the end of a timed pin itself, on every
 * server, when the time comes.
 */
package com.liveroom.pinned;
