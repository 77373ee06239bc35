package com.liveroom.rooms.control;

import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/** A room's recent items as this server holds them in memory, for history to answer from without the database. */
public interface RecentItems {

    /**
     * The room's items with a seq in {@code (after, upTo]}, neither deleted nor {@code hidden}, oldest first: at most
     * {@code limit}, the oldest of them or ({@code fromTop}) the newest. Empty when memory cannot answer for the
     * whole range (the room is not held here, or not that far back, or not up to {@code upTo} yet).
     */
    Optional<List<ItemView>> visible(long streamId, long after, long upTo, int limit, boolean fromTop,
                                     LongPredicate hidden);
}
