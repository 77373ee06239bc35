package com.liveroom.rooms.control;

import com.liveroom.platform.control.Clocks;
import com.liveroom.rooms.entity.ChatItem;

/** A chat item as the clients read it, in history and on the socket. Field names are the wire's. */
public record ItemView(long id, String type, long user, String displayName, String avatarurl, long stream,
                       String content, String createdat, long seq, String epoch) {

    public static ItemView of(ChatItem item, Clocks clocks) {
        return new ItemView(item.id(), item.type().wire(), item.userId(), item.displayName(), item.avatarUrl(),
                item.streamId(), item.content(), clocks.format(item.createdAt()), item.seq(), item.epoch());
    }
}
