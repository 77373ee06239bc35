package com.liveroom.moderation.control;

import java.util.Arrays;
import java.util.Optional;

/** What a blocked term does to a message or question: refuse it (400), or mask the term with asterisks. */
public enum TermsMode {
    REFUSE("refuse"),
    MASK("mask");

    private final String wire;

    TermsMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<TermsMode> fromWire(String word) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(word)).findFirst();
    }
}
