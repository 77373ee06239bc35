package com.liveroom.delivery.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One frame the server sends, built once however many members receive it: its JSON text, and the same text as a
 * complete WebSocket text frame (RFC 6455 §5.2: FIN and opcode 1, the payload length in 7, 16 or 64 bits, no mask,
 * the UTF-8 payload), which is what the raw write path puts on the wire as it is.
 */
public record WireFrame(String text, byte[] bytes) {

    public static WireFrame of(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + length);
        frame.put((byte) 0x81);
        if (length < 126) {
            frame.put((byte) length);
        } else if (length <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) length);
        } else {
            frame.put((byte) 127).putLong(length);
        }
        frame.put(payload);
        return new WireFrame(text, frame.array());
    }

    public int size() {
        return bytes.length;
    }
}
