package com.liveroom.rooms.control;

import com.liveroom.platform.control.Clocks;
import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.rooms.entity.ItemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Reads a room's history a page at a time: page 1 is the newest, and each page runs oldest to newest. */
@ApplicationScoped
public class History {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clocks clocks;

    public Page page(long streamId, Optional<ItemType> type, int page, int perPage) {
        var items = type.isPresent()
                ? em.createNamedQuery(ChatItem.NEWEST_OF_TYPE, ChatItem.class).setParameter("type", type.get())
                : em.createNamedQuery(ChatItem.NEWEST, ChatItem.class);
        var count = type.isPresent()
                ? em.createNamedQuery(ChatItem.COUNT_OF_TYPE, Long.class).setParameter("type", type.get())
                : em.createNamedQuery(ChatItem.COUNT, Long.class);
        List<ChatItem> newestFirst = items.setParameter("stream", streamId)
                .setFirstResult((page - 1) * perPage)
                .setMaxResults(perPage)
                .getResultList();
        long total = count.setParameter("stream", streamId).getSingleResult();
        List<ItemView> views = new ArrayList<>(views(newestFirst));
        Collections.reverse(views);
        return new Page(views, page, perPage, total);
    }

    /** Items after a position, oldest first. */
    public List<ItemView> after(long streamId, long seq, int limit) {
        return views(em.createNamedQuery(ChatItem.AFTER, ChatItem.class)
                .setParameter("stream", streamId)
                .setParameter("seq", seq)
                .setMaxResults(limit)
                .getResultList());
    }

    /** The newest items before a position, oldest first. */
    public List<ItemView> before(long streamId, long seq, int limit) {
        List<ItemView> newestFirst = views(em.createNamedQuery(ChatItem.BEFORE, ChatItem.class)
                .setParameter("stream", streamId)
                .setParameter("seq", seq)
                .setMaxResults(limit)
                .getResultList());
        List<ItemView> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    private List<ItemView> views(List<ChatItem> items) {
        return items.stream().map(item -> ItemView.of(item, clocks)).toList();
    }

    public record Page(List<ItemView> items, int page, int resultsPerPage, long total) {
    }

    /** A run of items by position, for clients that page by {@code seq}. */
    public record Slice(List<ItemView> items, Long after, Long before, int limit) {
    }
}
