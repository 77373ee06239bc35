package com.liveroom.rooms.entity;

import java.util.Arrays;
import java.util.Optional;

/** What a chat item is, and the word the clients use for it. */
public enum ItemType {
    MESSAGE("message"),
    QUESTION("question"),
    ANSWER("answer");

    private final String wire;

    ItemType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<ItemType> fromWire(String word) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(word)).findFirst();
    }
}
