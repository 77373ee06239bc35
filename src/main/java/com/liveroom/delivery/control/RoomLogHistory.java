package com.liveroom.delivery.control;

import com.liveroom.rooms.control.ItemView;
import com.liveroom.rooms.control.RecentItems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/** Recent history from the logs of the rooms that have members on this server ({@link RoomLog#visible}). */
@ApplicationScoped
public class RoomLogHistory implements RecentItems {

    @Inject
    RoomRegistry registry;

    @Override
    public Optional<List<ItemView>> visible(long streamId, long after, long upTo, int limit, boolean fromTop,
                                            LongPredicate hidden) {
        return registry.readableLog(streamId).flatMap(log -> log.visible(after, upTo, limit, fromTop, hidden));
    }
}
