package com.liveroom.delivery.control;

import com.liveroom.chat.control.ItemsCommitted;
import com.liveroom.platform.control.Clocks;
import com.liveroom.rooms.control.ItemView;
import com.liveroom.rooms.control.RoomEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Where what this server's components tell a room enters the delivery engine: the chat writer's committed items
 * ({@link ItemsCommitted}) and the room events of moderation, the question board and presence ({@link RoomEvent}),
 * both CDI events observed here. Both are only queued for the fan-out thread, so the writer's next commit never
 * waits for a delivery; the queue keeps them in the order they were observed.
 */
@ApplicationScoped
public class RoomCast {

    @Inject
    RoomRegistry registry;

    @Inject
    Clocks clocks;

    void committed(@Observes ItemsCommitted committed) {
        registry.deliver(committed.items().stream().map(item -> ItemView.of(item, clocks)).toList());
    }

    void told(@Observes RoomEvent event) {
        registry.deliver(event);
    }
}
