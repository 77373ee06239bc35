package com.liveroom.rooms.control;

import com.liveroom.platform.control.Clocks;
import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.rooms.entity.ItemDeletion;
import com.liveroom.rooms.entity.ItemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Reads a room's history: by page (page 1 is the newest, and each page runs oldest to newest) or by position.
 * <p>
 * Every read starts from the room's last {@code seq} in the database, so it shows everything committed before it
 * began. A page's place is worked out from that and the room's deleted items (few, and kept apart: {@link ItemDeletion}), not by skipping
 * rows: the page is the run of seqs between two bounds, and page 10,000 costs what page 1 does. The items themselves come from the room's log in memory when this
 * server holds the whole range ({@link RecentItems}), else from the database by the room's {@code (stream_id, seq)}
 * index. Pages of one type ({@code message}, {@code question}, {@code answer}) skip rows of the
 * {@code (stream_id, item_type, seq)} index: their cost grows with the page number.
 */
@ApplicationScoped
public class History {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clocks clocks;

    @Inject
    RecentItems recent;

    @Inject
    MetricRegistry metrics;

    public Page page(long streamId, Optional<ItemType> type, int page, int perPage) {
        if (type.isPresent()) {
            return pageOfType(streamId, type.get(), page, perPage);
        }
        long last = lastSeq(streamId);
        List<Long> deleted = deletedSeqs(streamId);
        long total = last - deleted.size();
        long rank = (long) (page - 1) * perPage;
        if (rank >= total) {
            return new Page(List.of(), page, perPage, total);
        }
        long top = last - rank;
        for (long seq : deleted) {
            if (seq < top) {
                break;
            }
            top--;
        }
        Set<Long> gone = new HashSet<>(deleted);
        long pageTop = top;
        List<ItemView> items = fromMemoryOr(recent.visible(streamId, 0, pageTop, perPage, true, gone::contains),
                () -> newestUpTo(streamId, pageTop, perPage, gone));
        return new Page(items, page, perPage, total);
    }

    /** The items after a position, oldest first, for a client paging by {@code seq}. */
    public Slice sliceAfter(long streamId, long seq, int limit) {
        LongPredicate none = s -> false;
        List<ItemView> items = fromMemoryOr(recent.visible(streamId, seq, lastSeq(streamId), limit, false, none),
                () -> after(streamId, seq, limit));
        return new Slice(items, seq, null, limit);
    }

    /** The newest items before a position, oldest first, for a client paging by {@code seq}. */
    public Slice sliceBefore(long streamId, long seq, int limit) {
        long upTo = Math.min(seq - 1, lastSeq(streamId));
        LongPredicate none = s -> false;
        List<ItemView> items = fromMemoryOr(recent.visible(streamId, 0, upTo, limit, true, none),
                () -> newestUpTo(streamId, upTo, limit, new HashSet<>(deletedSeqs(streamId))));
        return new Slice(items, null, seq, limit);
    }

    /** Items after a position, oldest first, as the database holds them. */
    public List<ItemView> after(long streamId, long seq, int limit) {
        return views(em.createNamedQuery(ChatItem.AFTER, ChatItem.class)
                .setParameter("stream", streamId)
                .setParameter("seq", seq)
                .setMaxResults(limit)
                .getResultList());
    }

    /**
     * The newest {@code count} items at or below {@code top} that are not {@code gone}, oldest first: the run of seqs
     * down to the count-th such seq, read as one bounded range of the room's index.
     */
    private List<ItemView> newestUpTo(long streamId, long top, int count, Set<Long> gone) {
        long bottom = top;
        for (int found = 0; bottom >= 1; bottom--) {
            if (!gone.contains(bottom) && ++found == count) {
                break;
            }
        }
        return oldestFirst(views(em.createNamedQuery(ChatItem.BETWEEN, ChatItem.class)
                .setParameter("stream", streamId)
                .setParameter("bottom", Math.max(1, bottom))
                .setParameter("top", top)
                .getResultList()));
    }

    /** The room's deleted items, newest first. */
    private List<Long> deletedSeqs(long streamId) {
        return em.createNamedQuery(ItemDeletion.SEQS, Long.class)
                .setParameter("stream", streamId)
                .getResultList();
    }

    private Page pageOfType(long streamId, ItemType type, int page, int perPage) {
        List<ChatItem> newestFirst = em.createNamedQuery(ChatItem.NEWEST_OF_TYPE, ChatItem.class)
                .setParameter("type", type)
                .setParameter("stream", streamId)
                .setFirstResult((page - 1) * perPage)
                .setMaxResults(perPage)
                .getResultList();
        long total = em.createNamedQuery(ChatItem.COUNT_OF_TYPE, Long.class)
                .setParameter("type", type)
                .setParameter("stream", streamId)
                .getSingleResult();
        return new Page(oldestFirst(views(newestFirst)), page, perPage, total);
    }

    private long lastSeq(long streamId) {
        return em.createNamedQuery(ChatItem.LAST_SEQ, Long.class).setParameter("stream", streamId)
                .getResultStream().findFirst().orElse(0L);
    }

    private List<ItemView> fromMemoryOr(Optional<List<ItemView>> inMemory, Supplier<List<ItemView>> fromDatabase) {
        String source = inMemory.isPresent() ? "memory" : "database";
        metrics.counter("liveroom_history_reads_total", new Tag("source", source)).inc();
        return inMemory.orElseGet(fromDatabase);
    }

    private List<ItemView> views(List<ChatItem> items) {
        return items.stream().map(item -> ItemView.of(item, clocks)).toList();
    }

    private static List<ItemView> oldestFirst(List<ItemView> newestFirst) {
        List<ItemView> items = new ArrayList<>(newestFirst);
        Collections.reverse(items);
        return items;
    }

    public record Page(List<ItemView> items, int page, int resultsPerPage, long total) {
    }

    /** A run of items by position, for clients that page by {@code seq}. */
    public record Slice(List<ItemView> items, Long after, Long before, int limit) {
    }
}
