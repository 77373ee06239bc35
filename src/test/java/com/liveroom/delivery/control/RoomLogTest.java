package com.liveroom.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.rooms.control.ItemView;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

/** Recent history read from a room's log: what it holds, and an honest "cannot say" for what it does not. */
class RoomLogTest {

    private static final LongPredicate NONE = seq -> false;

    private static ItemView item(long seq) {
        return new ItemView(seq * 10, "message", 1, "viewer", null, 7, "item " + seq, "2026-11-29T12:00:00Z", seq, "e");
    }

    /** A log of at most {@code keep} entries that has been given the items 1..{@code last}, with an event after each fifth. */
    private static RoomLog log(int keep, long last) {
        RoomLog log = new RoomLog(7, "room", "e", 0, keep, Long.MAX_VALUE);
        for (long seq = 1; seq <= last; seq++) {
            log.item(item(seq), WireFrame.of("item " + seq));
            if (seq % 5 == 0) {
                log.event(WireFrame.of("event after " + seq));
            }
        }
        return log;
    }

    private static List<Long> seqs(Optional<List<ItemView>> items) {
        return items.orElseThrow().stream().map(ItemView::seq).toList();
    }

    @Test
    void theNewestItemsComeFromTheTopOldestFirstWithoutEventsOrDeletedItems() {
        RoomLog log = log(100, 30);
        log.deleted(29);
        assertEquals(List.of(25L, 26L, 27L, 28L, 30L), seqs(log.visible(0, 30, 5, true, NONE)));
        assertEquals(List.of(24L, 25L, 26L, 27L), seqs(log.visible(0, 28, 4, true, seq -> seq == 28)));
    }

    @Test
    void itemsAfterAPositionComeOldestFirst() {
        RoomLog log = log(100, 30);
        assertEquals(List.of(11L, 12L, 13L), seqs(log.visible(10, 30, 3, false, NONE)));
        assertEquals(List.of(29L, 30L), seqs(log.visible(28, 30, 100, false, NONE)));
    }

    @Test
    void aRoomWholeInTheLogAnswersShortPages() {
        RoomLog log = log(100, 3);
        assertEquals(List.of(1L, 2L, 3L), seqs(log.visible(0, 3, 20, true, NONE)));
    }

    @Test
    void whatReachesBelowTheLogOrAboveItsLineIsLeftToTheDatabase() {
        RoomLog log = log(20, 100);
        assertTrue(log.visible(0, 100, 5, true, NONE).isPresent(), "the newest five are here");
        assertTrue(log.visible(0, 100, 50, true, NONE).isEmpty(), "fifty reach below what the log keeps");
        assertTrue(log.visible(50, 100, 5, false, NONE).isEmpty(), "the items after 50 start below the log");
        assertTrue(log.visible(0, 101, 5, true, NONE).isEmpty(), "101 is committed but not here yet");
    }

    @Test
    void aReaderOnAnotherThreadSeesARunOfItemsOrNothingWhileTheLogMoves() throws InterruptedException {
        RoomLog log = log(64, 64);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> wrong = new AtomicReference<>();
        AtomicLong answered = new AtomicLong();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                Optional<List<ItemView>> page = log.visible(0, log.line(), 10, true, NONE);
                page.ifPresent(items -> {
                    answered.incrementAndGet();
                    for (int i = 1; i < items.size(); i++) {
                        if (items.get(i).seq() != items.get(i - 1).seq() + 1) {
                            wrong.compareAndSet(null, "not a run: " + items.stream().map(ItemView::seq).toList());
                        }
                    }
                    if (items.size() != 10) {
                        wrong.compareAndSet(null, "short page: " + items.size());
                    }
                });
            }
        });
        reader.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (long seq = 65; answered.get() < 1000 && System.nanoTime() < deadline; seq++) {
            log.item(item(seq), WireFrame.of("x"));
        }
        done.set(true);
        reader.join();
        assertEquals(null, wrong.get());
        assertTrue(answered.get() > 0, "the reader was answered from the log at least once");
    }
}
