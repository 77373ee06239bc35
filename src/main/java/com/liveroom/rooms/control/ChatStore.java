package com.liveroom.rooms.control;

import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.rooms.entity.Stream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes a batch of posts in one transaction: the group commit behind the chat writer. */
@ApplicationScoped
public class ChatStore {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<ChatItem> append(List<Post> posts) {
        Instant now = clock.instant();
        Map<Long, Stream> rooms = lockRooms(posts);
        List<ChatItem> items = new ArrayList<>(posts.size());
        for (Post post : posts) {
            ChatItem item = post.writeIn(em, rooms.get(post.streamId()), now);
            em.persist(item);
            items.add(item);
        }
        return items;
    }

    /** Locks every room of the batch, always in id order so that two writers can never wait on each other. */
    private Map<Long, Stream> lockRooms(List<Post> posts) {
        Map<Long, Stream> rooms = new TreeMap<>();
        posts.forEach(post -> rooms.put(post.streamId(), null));
        for (Long id : rooms.keySet()) {
            Stream stream = em.find(Stream.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (stream == null) {
                throw Refusal.notFound("no stream " + id);
            }
            rooms.put(id, stream);
        }
        return rooms;
    }
}
