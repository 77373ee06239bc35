package com.liveroom.chat.control;

import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.rooms.entity.Stream;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Optional;

/**
 * Something to add to a room's history. The writer runs it inside its transaction with the room's row
 * locked, so the item it makes gets the room's next {@code seq}, and whatever else it writes (a question,
 * an answer) commits together with that item or not at all.
 */
public interface Post {

    long streamId();

    ChatItem writeIn(EntityManager em, Stream stream, Instant now);

    /** Posts a client may send more than once carry a key; a repeat within the window is not stored again. */
    default Optional<IdempotencyKey> idempotencyKey() {
        return Optional.empty();
    }
}
