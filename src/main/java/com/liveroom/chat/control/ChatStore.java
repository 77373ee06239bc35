package com.liveroom.chat.control;

import com.liveroom.platform.control.Database;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.rooms.entity.Stream;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes a batch of posts in one transaction: the group commit behind the chat writer. A post whose
 * idempotency key was already stored within the window (earlier, or earlier in the same batch) is not
 * stored again; its outcome is the item stored the first time.
 */
@ApplicationScoped
public class ChatStore {

    private static final int PROBE_SECONDS = 1;

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "liveroom.chat.dedupe-window-seconds", defaultValue = "600")
    long dedupeWindowSeconds;

    @Resource(lookup = Database.JNDI_NAME)
    DataSource dataSource;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Stored> append(List<Post> posts) {
        Instant now = clock.instant();
        Map<Long, Stream> rooms = lockRooms(posts);
        Map<IdempotencyKey, ChatItem> stored = storedEarlier(posts, now);
        List<Stored> outcomes = new ArrayList<>(posts.size());
        for (Post post : posts) {
            Optional<IdempotencyKey> key = post.idempotencyKey();
            ChatItem earlier = key.map(stored::get).orElse(null);
            if (earlier != null) {
                outcomes.add(new Stored(earlier, true));
                continue;
            }
            ChatItem item = post.writeIn(em, rooms.get(post.streamId()), now);
            em.persist(item);
            key.ifPresent(k -> stored.put(k, item));
            outcomes.add(new Stored(item, false));
        }
        return outcomes;
    }

    /** The item a post with this key stored within the window, if one did. */
    public Optional<ChatItem> storedEarlier(IdempotencyKey key) {
        return em.createNamedQuery(ChatItem.BY_CLIENT_MSG_IDS, ChatItem.class)
                .setParameter("ids", List.of(key.clientMsgId()))
                .setParameter("since", clock.instant().minusSeconds(dedupeWindowSeconds))
                .getResultStream()
                .filter(item -> item.streamId() == key.streamId() && item.userId() == key.userId())
                .findFirst();
    }

    /** Whether the database answers now (a connection that proves valid within a second). */
    public boolean answers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(PROBE_SECONDS);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Locks every room of the batch in one statement ({@code SELECT ... FOR UPDATE}), in id order so that two
     * writers can never wait on each other.
     */
    private Map<Long, Stream> lockRooms(List<Post> posts) {
        List<Long> ids = posts.stream().map(Post::streamId).distinct().sorted().toList();
        Map<Long, Stream> rooms = new TreeMap<>();
        em.createNamedQuery(Stream.BY_IDS_IN_ORDER, Stream.class)
                .setParameter("ids", ids)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList()
                .forEach(stream -> rooms.put(stream.id(), stream));
        if (rooms.size() < ids.size()) {
            Long missing = ids.stream().filter(id -> !rooms.containsKey(id)).findFirst().orElseThrow();
            throw Refusal.notFound("no stream " + missing);
        }
        return rooms;
    }

    /** One query for the whole batch; the rooms' row locks keep another writer from storing the same key meanwhile. */
    private Map<IdempotencyKey, ChatItem> storedEarlier(List<Post> posts, Instant now) {
        List<String> ids = posts.stream().flatMap(p -> p.idempotencyKey().stream()).map(IdempotencyKey::clientMsgId)
                .distinct().toList();
        Map<IdempotencyKey, ChatItem> stored = new HashMap<>();
        if (ids.isEmpty()) {
            return stored;
        }
        em.createNamedQuery(ChatItem.BY_CLIENT_MSG_IDS, ChatItem.class)
                .setParameter("ids", ids)
                .setParameter("since", now.minusSeconds(dedupeWindowSeconds))
                .getResultList()
                .forEach(item -> stored.putIfAbsent(
                        new IdempotencyKey(item.streamId(), item.userId(), item.clientMsgId()), item));
        return stored;
    }
}
