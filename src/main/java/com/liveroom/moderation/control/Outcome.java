package com.liveroom.moderation.control;

/**
 * What a moderation action left behind, and whether it changed anything. Only a change is audited, evicts the
 * room's cached rules and is told to the room: of two identical actions at the same moment, one changes and the
 * other finds the change made.
 */
public record Outcome<T>(T value, boolean changed) {

    static <T> Outcome<T> changed(T value) {
        return new Outcome<>(value, true);
    }

    static <T> Outcome<T> unchanged(T value) {
        return new Outcome<>(value, false);
    }
}
