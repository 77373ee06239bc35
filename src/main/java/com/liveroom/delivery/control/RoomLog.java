package com.liveroom.delivery.control;

import com.liveroom.rooms.control.ItemView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * One room on this server: its members here, and its recent frames (items and room-wide events) as they were
 * built, in the order its members receive them, bounded by count and bytes. Each entry has a position; a member
 * holds the position of the next entry it is to be given ({@link Member.Seat}), so a member that is behind costs
 * nothing until it can be written to again, and one that falls behind the oldest entry kept is given up.
 * The items also answer resumes whose gap is still here, and recent history, without the database.
 * <p>
 * Concurrency: the fan-out thread's alone, but for {@link #visible}, which any thread may call: the fan-out thread
 * publishes each entry (immutable, but for its volatile deleted mark) before the volatile {@link #end} that counts
 * it, and a reader checks that each slot it reads still holds the entry of the position it wanted (a slot is
 * cleared or reused only after the log dropped that position), so it either sees what the log held or gives up.
 * What an entry says of its delivery (its class, sampling ticket, author, and the position of the ambient value that
 * replaced it) is the fan-out thread's alone; {@link #visible} does not read it.
 */
public final class RoomLog {

    final long streamId;
    final String topic;
    final String epoch;
    final List<Member.Seat> seats = new ArrayList<>();
    /** What the room's chat budget decides: the class and ticket of each viewer message, and what was shed. */
    final ChatSampler sampler = new ChatSampler();

    private final Entry[] ring;
    /** Where the last ambient value of each kind is (fan-out thread only). */
    private final Map<String, Long> ambientAt = new HashMap<>();
    private final int mask;
    private final int maxEntries;
    private final long maxBytes;
    private volatile long first;
    private volatile long end;
    private long bytes;
    /** The last seq in the room's history that this server has passed on (or found in the database on loading). */
    private volatile long line;
    /** Items with a seq at or below this are older than the log. */
    private volatile long base;
    /** Some member was not given messages it has not been told of yet: the next pass tells it if due. */
    boolean noticesOwed;
    /** The end of the log when the last pass wrote it to the members that were caught up. */
    long passed;
    /** The room's pinned announcement as this server last heard of it (see {@link PinnedFrame}). */
    PinnedFrame pinned = PinnedFrame.NONE;

    RoomLog(long streamId, String topic, String epoch, long line, int maxEntries, long maxBytes) {
        this.streamId = streamId;
        this.topic = topic;
        this.epoch = epoch;
        this.line = line;
        this.base = line;
        this.maxEntries = Math.max(1, maxEntries);
        this.maxBytes = maxBytes;
        // more slots than entries: an entry is appended before the oldest is dropped, and a reader on another thread
        // finds a dropped slot cleared before it is used again
        int capacity = Integer.highestOneBit(this.maxEntries) << 1;
        this.ring = new Entry[capacity];
        this.mask = capacity - 1;
    }

    long line() {
        return line;
    }

    long first() {
        return first;
    }

    long end() {
        return end;
    }

    /** Appends an item of the room's history that every member is given; its seq becomes the line. */
    void item(ItemView item, WireFrame frame) {
        item(item, frame, false, 0);
    }

    /**
     * Appends an item of the room's history; its seq becomes the line. A viewer's message ({@code chat}) is given
     * to the members its ticket and share name ({@code ticket << 32 | share}, 0 for all; {@link ChatSampler}) and
     * to its author.
     */
    void item(ItemView item, WireFrame frame, boolean chat, long dealt) {
        Entry entry = new Entry(end, item.seq(), item, frame);
        if (chat) {
            entry.kind = Entry.CHAT;
            entry.ticket = (int) (dealt >>> 32);
            entry.width = (int) dealt;
        }
        append(entry);
        line = item.seq();
    }

    /** Appends an event for the whole room, in order with the items around it. */
    void event(WireFrame frame) {
        append(new Entry(end, 0, null, frame));
    }

    /**
     * Appends an event whose value the next one of the same {@code key} replaces (a count): a member that has not
     * been given it by then is given only the newer one.
     */
    void ambient(WireFrame frame, String key) {
        Entry entry = new Entry(end, 0, null, frame);
        entry.kind = Entry.AMBIENT;
        Long before = ambientAt.put(key, end);
        if (before != null && before >= first) {
            ring[(int) (before & mask)].replacedAt = end;
        }
        append(entry);
    }

    /** The entry at a position between {@link #first} and {@link #end}, for the fan-out thread. */
    Entry entry(long position) {
        return ring[(int) (position & mask)];
    }

    /** Moves the line past an item that will never be sent here (deleted before it arrived). */
    void skip(long seq) {
        if (seq > line) {
            line = seq;
        }
    }

    /** Items that were deleted are not replayed to resuming members. */
    void deleted(long seq) {
        for (long p = end - 1; p >= first; p--) {
            Entry entry = ring[(int) (p & mask)];
            if (entry.seq == seq) {
                entry.deleted = true;
                return;
            }
            if (entry.seq != 0 && entry.seq < seq) {
                return;
            }
        }
    }

    /**
     * From any thread: the room's items with a seq in {@code (after, upTo]} that are not deleted or hidden, oldest
     * first; at most {@code limit} of them, the oldest ones or (from the top) the newest ones. Empty when the log
     * cannot vouch for the answer: it has not reached {@code upTo} yet, the range reaches below what it keeps, or
     * the entries moved under the reader.
     */
    Optional<List<ItemView>> visible(long after, long upTo, int limit, boolean fromTop, LongPredicate hidden) {
        if (line < upTo) {
            return Optional.empty();
        }
        long last = end;
        long oldest = first;
        List<ItemView> items = new ArrayList<>(Math.min(limit, 64));
        for (long i = 0; i < last - oldest && items.size() < limit; i++) {
            long position = fromTop ? last - 1 - i : oldest + i;
            Entry entry = ring[(int) (position & mask)];
            if (entry == null || entry.position != position) {
                return Optional.empty();
            }
            if (entry.item != null && entry.seq > after && entry.seq <= upTo && !entry.deleted
                    && !hidden.test(entry.seq)) {
                items.add(entry.item);
            }
        }
        boolean whole = items.size() == limit && fromTop;
        if (!whole && after < base) {
            return Optional.empty();
        }
        if (fromTop) {
            Collections.reverse(items);
        }
        return Optional.of(items);
    }

    /** Entries from a position to the end, oldest first. */
    List<WireFrame> from(long position) {
        List<WireFrame> frames = new ArrayList<>((int) (end - position));
        for (long p = position; p < end; p++) {
            frames.add(ring[(int) (p & mask)].frame);
        }
        return frames;
    }

    /** The position of the first entry after the item {@code seq}; see {@link #holdsAfter}. */
    long positionAfter(long seq) {
        long position = end;
        while (position > first && ring[(int) ((position - 1) & mask)].seq > seq) {
            position--;
        }
        return position;
    }

    /** Whether the items after {@code since} are all still here. */
    boolean holdsAfter(long since) {
        return since >= base;
    }

    /** The items after {@code since}, oldest first, without events or deleted items; see {@link #holdsAfter}. */
    List<WireFrame> itemsAfter(long since) {
        List<WireFrame> items = new ArrayList<>();
        for (long p = first; p < end; p++) {
            Entry entry = ring[(int) (p & mask)];
            if (entry.seq > since && !entry.deleted) {
                items.add(entry.frame);
            }
        }
        return items;
    }

    private void append(Entry entry) {
        ring[(int) (end & mask)] = entry;
        end++;
        bytes += entry.frame.size();
        while (end - first > 1 && (end - first > maxEntries || bytes > maxBytes)) {
            int slot = (int) (first & mask);
            Entry dropped = ring[slot];
            ring[slot] = null;
            bytes -= dropped.frame.size();
            if (dropped.seq > base) {
                base = dropped.seq;
            }
            first++;
        }
    }

    static final class Entry {
        static final byte ESSENTIAL = 0;
        static final byte CHAT = 1;
        static final byte AMBIENT = 2;

        final long position;
        /** 0 for an event. */
        final long seq;
        /** The item as history shows it; null for an event. */
        final ItemView item;
        final WireFrame frame;
        volatile boolean deleted;
        // the fan-out thread's alone
        byte kind = ESSENTIAL;
        /** A sampled viewer message: its ticket, and the share of the members it goes to (0: every member). */
        int ticket;
        int width;
        /** An ambient value: the position of the one that replaced it. */
        long replacedAt = Long.MAX_VALUE;

        Entry(long position, long seq, ItemView item, WireFrame frame) {
            this.position = position;
            this.seq = seq;
            this.item = item;
            this.frame = frame;
        }

        /** The author of an item, -1 for an event. */
        long author() {
            return item == null ? -1 : item.user();
        }

        /**
         * Whether a member is given this entry when it is given the log up to {@code until}: always, unless it is a
         * sampled viewer message that does not go to the member's phase and is not its own, or an ambient value
         * replaced by then.
         */
        boolean isFor(int phase, long user, long until) {
            if (kind == CHAT) {
                return width == 0 || ChatSampler.takes(phase, ticket, width) || item.user() == user;
            }
            return kind != AMBIENT || replacedAt >= until;
        }

        boolean sampled() {
            return kind == CHAT && width != 0;
        }
    }
}
