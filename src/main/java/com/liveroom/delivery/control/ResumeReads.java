package com.liveroom.delivery.control;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What resumes older than a room's log read from the database, shared: when a server comes back, thousands of
 * members resume the same room from nearby positions, and one read of the room's replayable range (its last
 * {@code replayCap} items up to its line), built into frames once, serves every one of them for a while, instead of
 * one query and one encoding per socket. What came after the read is in the room's log.
 * <p>
 * Concurrency: none; the fan-out thread's alone, like the rooms it reads ({@link Doorkeeper}).
 */
final class ResumeReads {

    /** Frames for the items in {@code (from, to]} of a room, read at {@code readAt} (System.nanoTime). */
    private record Window(long from, long to, List<WireFrame> frames, List<Long> seqs, long readAt) {
    }

    /** Reads a room's items in {@code (from, to]}, oldest first, as frames with their seqs. */
    interface Reader {
        List<Seqd> read(long streamId, long from, long to);
    }

    record Seqd(long seq, WireFrame frame) {
    }

    private final long keepNanos;
    private final int replayCap;
    private final Map<Long, Window> windows = new HashMap<>();

    ResumeReads(long keepMillis, int replayCap) {
        this.keepNanos = TimeUnit.MILLISECONDS.toNanos(keepMillis);
        this.replayCap = replayCap;
    }

    /**
     * The frames of the room's items in {@code (since, line]}, for a resume whose gap the room's log no longer holds:
     * from the room's last read if it covers {@code since} and is recent, else from a new read of the whole
     * replayable range ({@code line - since} is within the replay cap: the caller checked).
     */
    List<WireFrame> after(RoomLog room, long since, long line, Reader reader) {
        long now = System.nanoTime();
        Window window = windows.get(room.streamId);
        if (!covers(window, room, since, now)) {
            windows.values().removeIf(w -> now - w.readAt() > keepNanos);
            long from = Math.max(0, Math.min(since, line - replayCap));
            List<Seqd> read = reader.read(room.streamId, from, line);
            window = new Window(from, line, read.stream().map(Seqd::frame).toList(),
                    read.stream().map(Seqd::seq).toList(), now);
            windows.put(room.streamId, window);
        }
        int start = firstAfter(window.seqs(), since);
        List<WireFrame> missed = new ArrayList<>(window.frames().subList(start, window.frames().size()));
        if (line > window.to()) {
            missed.addAll(room.itemsAfter(window.to()));
        }
        return missed;
    }

    private boolean covers(Window window, RoomLog room, long since, long now) {
        return window != null && now - window.readAt() <= keepNanos && window.from() <= since
                && (room.line() == window.to() || room.holdsAfter(window.to()));
    }

    private static int firstAfter(List<Long> seqs, long since) {
        int low = 0;
        int high = seqs.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (seqs.get(mid) <= since) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
