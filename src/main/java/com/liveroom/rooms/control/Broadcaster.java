package com.liveroom.rooms.control;

import com.liveroom.platform.control.Clocks;
import com.liveroom.rooms.entity.ChatItem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** Pushes committed items to the members of their room: each item is encoded once and the same text queued for all. */
@ApplicationScoped
public class Broadcaster {

    private static final Logger LOG = System.getLogger(Broadcaster.class.getName());

    @Inject
    RoomRegistry registry;

    @Inject
    FrameCodec codec;

    @Inject
    Clocks clocks;

    void onCommitted(@Observes ItemsCommitted committed) {
        for (ChatItem item : committed.items()) {
            Outgoing frame = Outgoing.of(codec.item(ItemView.of(item, clocks)));
            for (Connection member : registry.members(item.streamId())) {
                try {
                    member.send(frame);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not queue an item for connection {0}", member.id());
                }
            }
        }
    }
}
