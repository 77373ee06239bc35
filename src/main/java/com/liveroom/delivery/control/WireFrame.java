package com.liveroom.delivery.control;

import java.nio.charset.StandardCharsets;

/**
 * One frame the server sends, built once however many members receive it: its JSON text as a complete WebSocket
 * text frame (RFC 6455 §5.2: FIN and opcode 1, the payload length in 7, 16 or 64 bits, no mask, the UTF-8 payload),
 * which is what the raw write path puts on the wire as it is. Only the bytes are held (a room's log keeps a thousand
 * frames of each room for resumes); the text is read back from them where it is needed.
 */
public record WireFrame(byte[] bytes) {

    public static WireFrame of(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int length = payload.length;
        int header = headerOf(length);
        byte[] frame = new byte[header + length];
        frame[0] = (byte) 0x81;
        if (length < 126) {
            frame[1] = (byte) length;
        } else if (length <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, length);
        return new WireFrame(frame);
    }

    /** The frame's JSON text (for the path that sends text, not raw frames). */
    public String text() {
        int header = switch (bytes[1]) {
            case 126 -> 4;
            case 127 -> 10;
            default -> 2;
        };
        return new String(bytes, header, bytes.length - header, StandardCharsets.UTF_8);
    }

    public int size() {
        return bytes.length;
    }

    private static int headerOf(int length) {
        return length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    }
}
