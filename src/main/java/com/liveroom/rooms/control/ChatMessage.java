package com.liveroom.rooms.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.rooms.entity.ItemType;
import com.liveroom.rooms.entity.Stream;
import jakarta.persistence.EntityManager;
import java.time.Instant;

/** A chat message sent over the socket. */
public record ChatMessage(long streamId, Caller author, String content, String clientMsgId) implements Post {

    @Override
    public ChatItem writeIn(EntityManager em, Stream stream, Instant now) {
        return stream.post(ItemType.MESSAGE, author, content, null, clientMsgId, now);
    }
}
