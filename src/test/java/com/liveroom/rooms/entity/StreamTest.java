package com.liveroom.rooms.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.identity.entity.User;
import java.lang.reflect.Field;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A room's settings as the stream keeps them, without a database. */
class StreamTest {

    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

    private final Stream stream = new Stream("12345678", "Launch", "Acme", null, host(), "e", NOW);

    @Test
    void closingAndReopeningSayWhetherTheyChangedAnything() {
        assertFalse(stream.closed());
        assertTrue(stream.close());
        assertTrue(stream.closed());
        assertFalse(stream.close());
        assertTrue(stream.reopen());
        assertFalse(stream.closed());
        assertFalse(stream.reopen());
    }

    @Test
    void slowModeChangesToZeroOrMoreSeconds() {
        assertEquals(0, stream.slowModeSeconds());
        assertTrue(stream.changeSlowMode(5));
        assertFalse(stream.changeSlowMode(5));
        assertEquals(5, stream.slowModeSeconds());
        assertThrows(IllegalArgumentException.class, () -> stream.changeSlowMode(-1));
    }

    @Test
    void aRoomRefusesBlockedTermsUntilToldToMaskThem() {
        assertEquals(TermsMode.REFUSE, stream.blockedTermsMode());
        assertTrue(stream.changeTermsMode(TermsMode.MASK));
        assertFalse(stream.changeTermsMode(TermsMode.MASK));
        assertEquals(TermsMode.MASK, stream.blockedTermsMode());
    }

    @Test
    void theTermsModeColumnKeepsTheWireWords() {
        var column = new TermsMode.Column();
        assertEquals("refuse", column.convertToDatabaseColumn(TermsMode.REFUSE));
        assertEquals("mask", column.convertToDatabaseColumn(TermsMode.MASK));
        assertEquals(TermsMode.MASK, column.convertToEntityAttribute("mask"));
        assertEquals(TermsMode.REFUSE, column.convertToEntityAttribute("refuse"));
        assertEquals(TermsMode.REFUSE, column.convertToEntityAttribute("shout"), "an unknown word reads as the default");
    }

    /** Ids are the database's to give; this user never sees one. */
    private static User host() {
        User host = User.guest("Host", null, NOW);
        try {
            Field id = User.class.getDeclaredField("id");
            id.setAccessible(true);
            id.set(host, 50L);
            return host;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
