package com.liveroom.delivery.control;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Frames written to a member in one write: on the raw path their bytes joined into one buffer (several WebSocket
 * frames in one write are legal; the client still reads one message per frame), on the fallback path each frame's
 * text. A pass builds one batch per room and hands the same one to every member that is caught up, so the bytes are
 * joined once per pass, not once per member.
 * <p>
 * Concurrency: made and read on the fan-out thread; a write gets its own view of the shared bytes.
 */
final class Batch {

    private final List<WireFrame> frames;
    private final int bytes;
    private byte[] joined;

    Batch(List<WireFrame> frames) {
        this.frames = List.copyOf(frames);
        int total = 0;
        for (WireFrame frame : frames) {
            total += frame.size();
        }
        this.bytes = total;
    }

    List<WireFrame> frames() {
        return frames;
    }

    int bytes() {
        return bytes;
    }

    /** The frames' bytes one after another, as a view of its own; a single frame's array is used as it is. */
    ByteBuffer buffer() {
        if (joined == null) {
            if (frames.size() == 1) {
                joined = frames.get(0).bytes();
            } else {
                ByteBuffer all = ByteBuffer.allocate(bytes);
                frames.forEach(frame -> all.put(frame.bytes()));
                joined = all.array();
            }
        }
        return ByteBuffer.wrap(joined);
    }
}
