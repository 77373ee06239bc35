package com.liveroom.rooms.control;

/**
 * How many people are in a room right now, as a stream's description shows it. Presence, a higher component that
 * counts sockets across the cluster, provides it; this interface lets the rooms component show the number without
 * depending on the component that counts it.
 */
public interface Audience {

    /** Distinct users in the room, on every server. */
    int online(long streamId);
}
