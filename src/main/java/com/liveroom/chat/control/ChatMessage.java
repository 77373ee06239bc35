package com.liveroom.chat.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.rooms.entity.ItemType;
import com.liveroom.rooms.entity.Stream;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Optional;

/** A chat message sent over the socket, with the sender's own id for it when it gave one. */
public record ChatMessage(long streamId, Caller author, String content, String clientMsgId) implements Post {

    @Override
    public ChatItem writeIn(EntityManager em, Stream stream, Instant now) {
        return stream.post(ItemType.MESSAGE, author, content, null, clientMsgId, now);
    }

    @Override
    public Optional<IdempotencyKey> idempotencyKey() {
        return clientMsgId == null ? Optional.empty()
                : Optional.of(new IdempotencyKey(streamId, author.id(), clientMsgId));
    }
}
