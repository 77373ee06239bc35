package com.liveroom.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.liveroom.rooms.control.ItemView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Resumes older than a room's log share one database read: each still gets exactly its own gap. */
class ResumeReadsTest {

    /** A room at seq 100 whose log keeps its last 10 entries (91..100). */
    private static RoomLog room() {
        RoomLog log = new RoomLog(7, "room", "e", 0, 10, Long.MAX_VALUE);
        for (long seq = 1; seq <= 100; seq++) {
            log.item(new ItemView(seq, "message", 1, "viewer", null, 7, "item " + seq, "2026-11-29T12:00:00Z", seq, "e"),
                    WireFrame.of("item " + seq));
        }
        return log;
    }

    /** The database stand-in: every read it answers is noted as "from-to". */
    private static ResumeReads.Reader database(List<String> reads) {
        return (streamId, from, to) -> {
            reads.add(from + "-" + to);
            return LongStream.rangeClosed(from + 1, to)
                    .mapToObj(seq -> new ResumeReads.Seqd(seq, WireFrame.of("item " + seq))).toList();
        };
    }

    private static List<String> texts(List<WireFrame> frames) {
        return frames.stream().map(WireFrame::text).toList();
    }

    private static List<String> expected(long since, long line) {
        return LongStream.rangeClosed(since + 1, line).mapToObj(seq -> "item " + seq).toList();
    }

    @Test
    void resumesFromNearbyPositionsShareOneReadOfTheReplayableRange() {
        RoomLog room = room();
        assertFalse(room.holdsAfter(80));
        var reads = new ArrayList<String>();
        var shared = new ResumeReads(60_000, 50);
        for (long since : new long[] {80, 62, 75, 50, 89}) {
            assertEquals(expected(since, 100), texts(shared.after(room, since, 100, database(reads))), "since " + since);
        }
        assertEquals(List.of("50-100"), reads);
    }

    @Test
    void itemsAfterTheReadComeFromTheLog() {
        RoomLog room = room();
        var reads = new ArrayList<String>();
        var shared = new ResumeReads(60_000, 50);
        shared.after(room, 70, 100, database(reads));
        for (long seq = 101; seq <= 103; seq++) {
            room.item(new ItemView(seq, "message", 1, "viewer", null, 7, "item " + seq, "2026-11-29T12:00:00Z", seq, "e"),
                    WireFrame.of("item " + seq));
        }
        assertEquals(expected(60, 103), texts(shared.after(room, 60, 103, database(reads))));
        assertEquals(List.of("50-100"), reads);
    }

    @Test
    void anOldReadIsNotUsedAgain() {
        RoomLog room = room();
        var reads = new ArrayList<String>();
        var shared = new ResumeReads(1, 50);
        shared.after(room, 70, 100, database(reads));
        LockSupport.parkNanos(5_000_000);
        assertEquals(expected(70, 100), texts(shared.after(room, 70, 100, database(reads))));
        assertEquals(List.of("50-100", "50-100"), reads);
    }
}
