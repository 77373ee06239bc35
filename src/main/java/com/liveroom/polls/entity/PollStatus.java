package com.liveroom.polls.entity;

import java.util.Locale;

/** A poll's life: a draft until opened, open while it takes votes, closed for good. */
public enum PollStatus {
    /** Seen and changed by the room's host and moderators only. */
    DRAFT,
    /** In the room: takes votes. At most one poll of a room is open. */
    OPEN,
    /** Takes no more votes and is never opened again; its results stay. */
    CLOSED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Viewers see open and closed polls; a draft is the runners' alone. */
    public boolean isPublic() {
        return this != DRAFT;
    }
}
