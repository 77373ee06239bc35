package com.liveroom.moderation.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.liveroom.moderation.boundary.ModerationResource.BanOrder;
import com.liveroom.moderation.boundary.ModerationResource.MuteOrder;
import com.liveroom.moderation.boundary.RoomSettingsResource.NewTerm;
import com.liveroom.moderation.boundary.RoomSettingsResource.RoomSettingsChange;
import com.liveroom.rooms.entity.TermsMode;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The moderation request bodies as JSON-B reads them: a field of the wrong type is refused, not coerced. */
class ModerationBodiesTest {

    private static final Jsonb JSONB = JsonbBuilder.create();

    @AfterAll
    static void close() throws Exception {
        JSONB.close();
    }

    @Test
    void aMuteTakesWholeSecondsOnly() {
        assertEquals(60L, read("{\"seconds\":60}", MuteOrder.class).seconds());
        assertNull(read("{}", MuteOrder.class).seconds());
        assertThrows(JsonbException.class, () -> read("{\"seconds\":\"60\"}", MuteOrder.class));
        assertThrows(JsonbException.class, () -> read("{\"seconds\":60.5}", MuteOrder.class));
        assertThrows(JsonbException.class, () -> read("{\"seconds\":60.0}", MuteOrder.class));
        assertThrows(JsonbException.class, () -> read("{\"seconds\":6e1}", MuteOrder.class));
        assertThrows(JsonbException.class, () -> read("{\"seconds\":1e30}", MuteOrder.class));
        assertThrows(JsonbException.class, () -> read("{\"seconds\":true}", MuteOrder.class));
    }

    @Test
    void aReasonIsTextKeptWithoutItsSpacesAndABlankOneIsNone() {
        assertEquals("calm down", read("{\"seconds\":5,\"reason\":\"  calm down \"}", MuteOrder.class).reason());
        assertNull(read("{\"reason\":\"   \"}", BanOrder.class).reason());
        assertNull(read("{}", BanOrder.class).reason());
        assertThrows(JsonbException.class, () -> read("{\"reason\":5}", BanOrder.class));
        assertThrows(JsonbException.class, () -> read("{\"reason\":[\"spam\"]}", BanOrder.class));
    }

    @Test
    void settingsLeftOutStayNullAndTheModeIsReadFromItsWireWord() {
        RoomSettingsChange none = read("{}", RoomSettingsChange.class);
        assertNull(none.slowMode());
        assertNull(none.termsMode());
        RoomSettingsChange both = read("{\"slowModeSeconds\":30,\"blockedTermsMode\":\"mask\"}", RoomSettingsChange.class);
        assertEquals(30, both.slowMode());
        assertEquals(TermsMode.MASK, both.termsMode());
        assertThrows(JsonbException.class, () -> read("{\"slowModeSeconds\":\"x\"}", RoomSettingsChange.class));
        assertThrows(JsonbException.class, () -> read("{\"blockedTermsMode\":1}", RoomSettingsChange.class));
    }

    @Test
    void aTermIsText() {
        assertEquals("bad", read("{\"term\":\"bad\"}", NewTerm.class).term());
        assertThrows(JsonbException.class, () -> read("{\"term\":5}", NewTerm.class));
    }

    private static <T> T read(String json, Class<T> type) {
        return JSONB.fromJson(json, type);
    }
}
