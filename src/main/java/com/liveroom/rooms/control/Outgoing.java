package com.liveroom.rooms.control;

/** A frame ready to go out, with its size in UTF-8 bytes worked out once however many members receive it. */
public record Outgoing(String text, int bytes) {

    public static Outgoing of(String text) {
        return new Outgoing(text, utf8Length(text));
    }

    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
