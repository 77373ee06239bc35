package com.liveroom.chat.control;

import com.liveroom.rooms.entity.ChatItem;

/**
 * What the sender of a chat message is told once it is stored (its ack): the item's id and seq. This, not the item,
 * is what the writer remembers of a message for its resends, so that remembering thousands of them costs little.
 */
public record Receipt(long id, long seq) {

    public static Receipt of(ChatItem item) {
        return new Receipt(item.id(), item.seq());
    }
}
