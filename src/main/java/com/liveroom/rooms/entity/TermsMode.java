package com.liveroom.rooms.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a blocked term does to a message or question: refuse it (400), or mask the term with asterisks. A setting
 * of the room, so it lives with {@link Stream}; moderation applies it.
 */
public enum TermsMode {
    REFUSE("refuse"),
    MASK("mask");

    /** The words clients send, as a pattern for validating them. */
    public static final String WIRE_WORDS = "refuse|mask";

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

    /**
     * Stores the mode as its wire word, the values the V3 migration gave the column; a word it does not know reads
     * as the column's default, {@code refuse}.
     */
    @Converter
    public static class Column implements AttributeConverter<TermsMode, String> {

        @Override
        public String convertToDatabaseColumn(TermsMode mode) {
            return mode == null ? null : mode.wire();
        }

        @Override
        public TermsMode convertToEntityAttribute(String stored) {
            return fromWire(stored).orElse(REFUSE);
        }
    }
}
