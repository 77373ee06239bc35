package com.liveroom.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who runs a room: the host, and the moderators it appoints; viewers run nothing. */
class RolesIT extends ShippedWarTest {

    private Api api;
    private Guest host;
    private Room room;
    private Moderating mod;

    @BeforeEach
    void room() {
        api = new Api(base);
        host = api.guest("host");
        room = api.stream(host, "roles");
        mod = new Moderating(api, room);
    }

    @Test
    void theHostAppointsListsAndRemovesModeratorsAndTheRoomIsTold() {
        Guest mia = api.guest("mia");
        try (var watcher = SocketClient.withHeader(api.socket(), api.guest("watcher").token())) {
            watcher.joined(room.roomNumber());

            JsonObject appointed = mod.appoint(host, mia).expect(200).data();
            assertEquals(mia.id(), appointed.getJsonNumber("userId").longValue());
            assertEquals("mia", appointed.getString("displayName"));
            assertEquals(host.id(), appointed.getJsonNumber("appointedBy").longValue());
            JsonObject told = watcher.await(f -> f.getInt("code") == 216);
            assertEquals(mia.id(), told.getJsonObject("data").getJsonNumber("user").longValue());
            assertTrue(told.getJsonObject("data").getBoolean("moderator"));

            mod.appoint(host, mia).expect(200);
            var listed = mod.moderators(mia).expect(200).json().getJsonArray("data");
            assertEquals(1, listed.size(), "appointing twice is one moderator: " + listed);
            assertEquals(mia.id(), listed.getJsonObject(0).getJsonNumber("userId").longValue());

            mod.dismiss(host, mia).expect(200);
            watcher.await(f -> f.getInt("code") == 216 && !f.getJsonObject("data").getBoolean("moderator"));
            assertEquals(0, mod.moderators(host).expect(200).json().getJsonArray("data").size());
            mod.dismiss(host, mia).expectError(404);
            mod.mute(mia, api.guest("someone"), 60).expectError(403);
        }
    }

    @Test
    void appointingTheHostOrNobodyIsRefused() {
        mod.appoint(host, host).expectError(400);
        api.put("api/streams/" + room.id() + "/moderators/987654321", host.token(), null).expectError(404);
        api.put("api/streams/987654321/moderators/" + host.id(), host.token(), null).expectError(404);
        api.put("api/streams/" + room.id() + "/moderators/" + host.id(), null, null).expectError(401);
    }

    @Test
    void aViewerIsRefusedEveryHostSideAction() {
        Guest viewer = api.guest("viewer");
        Guest other = api.guest("other");
        long item = chatAndGetItemId(other, "an item nobody may delete but the room's runners");
        long question = mod.ask(other, "a question").expect(200).data().getJsonNumber("id").longValue();
        long term = mod.addTerm(host, "termofhost").expect(200).data().getJsonNumber("id").longValue();
        long auditBefore = mod.audit(host, "").expect(200).data().getJsonNumber("total").longValue();

        for (var action : hostSideActions(viewer, other, item, question, term).entrySet()) {
            action.getValue().get().expectError(403);
        }
        assertEquals(auditBefore, mod.audit(host, "").expect(200).data().getJsonNumber("total").longValue(),
                "a refused action changes nothing");
        assertEquals(1, api.history(host, room, "&page=1&resultsPerPage=10&type=message").getJsonArray("items").size());
        // reading the settings is not an action: a page shows a closed or slowed room to everyone
        mod.reopen(host).expect(200);
        assertEquals(false, api.get(mod.path("settings"), viewer.token()).expect(200).data().getBoolean("closed"));
    }

    @Test
    void aModeratorRunsTheRoomButMayNotAppointModeratorsOrReadTheAudit() {
        Guest mia = api.guest("mia");
        Guest viewer = api.guest("viewer");
        mod.appoint(host, mia).expect(200);
        long item = chatAndGetItemId(viewer, "to be deleted by a moderator");
        long question = mod.ask(viewer, "for the moderator").expect(200).data().getJsonNumber("id").longValue();

        mod.moderators(mia).expect(200);
        mod.deleteItem(mia, item).expect(200);
        mod.mute(mia, viewer, 60).expect(200);
        api.get(mod.path("mutes"), mia.token()).expect(200);
        mod.unmute(mia, viewer).expect(200);
        mod.ban(mia, viewer).expect(200);
        api.get(mod.path("bans"), mia.token()).expect(200);
        mod.unban(mia, viewer).expect(200);
        mod.close(mia).expect(200);
        mod.reopen(mia).expect(200);
        mod.slowMode(mia, 5).expect(200);
        mod.slowMode(mia, 0).expect(200);
        mod.termsMode(mia, "mask").expect(200);
        long term = mod.addTerm(mia, "frobnicate").expect(200).data().getJsonNumber("id").longValue();
        mod.terms(mia).expect(200);
        mod.removeTerm(mia, term).expect(200);
        mod.answer(mia, question, "a moderator answers").expect(200);

        Guest another = api.guest("another");
        mod.appoint(mia, another).expectError(403);
        mod.dismiss(mia, mia).expectError(403);
        mod.audit(mia, "").expectError(403);
        mod.mute(mia, host, 60).expectError(403);

        mod.dismiss(host, mia).expect(200);
        mod.mute(mia, viewer, 60).expectError(403);
        mod.close(mia).expectError(403);
    }

    @Test
    void theHostAndModeratorsCannotBeMutedOrBanned() {
        Guest mia = api.guest("mia");
        mod.appoint(host, mia).expect(200);
        mod.mute(host, mia, 60).expectError(403);
        mod.ban(host, mia).expectError(403);
        mod.mute(mia, host, 60).expectError(403);
        mod.ban(mia, host).expectError(403);
    }

    private long chatAndGetItemId(Guest who, String content) {
        try (var socket = SocketClient.withHeader(api.socket(), who.token())) {
            socket.joined(room.roomNumber());
            socket.chat(room.roomNumber(), content);
            return socket.awaitItem(i -> i.getString("content").equals(content)).getJsonNumber("id").longValue();
        }
    }

    private Map<String, Supplier<Api.Response>> hostSideActions(Guest viewer, Guest other, long item, long question, long term) {
        Map<String, Supplier<Api.Response>> actions = new LinkedHashMap<>();
        actions.put("list moderators", () -> mod.moderators(viewer));
        actions.put("appoint", () -> mod.appoint(viewer, other));
        actions.put("dismiss", () -> mod.dismiss(viewer, other));
        actions.put("delete item", () -> mod.deleteItem(viewer, item));
        actions.put("mute", () -> mod.mute(viewer, other, 60));
        actions.put("unmute", () -> mod.unmute(viewer, other));
        actions.put("list mutes", () -> api.get(mod.path("mutes"), viewer.token()));
        actions.put("ban", () -> mod.ban(viewer, other));
        actions.put("unban", () -> mod.unban(viewer, other));
        actions.put("list bans", () -> api.get(mod.path("bans"), viewer.token()));
        actions.put("close", () -> mod.close(viewer));
        actions.put("reopen", () -> mod.reopen(viewer));
        actions.put("slow mode", () -> mod.slowMode(viewer, 10));
        actions.put("terms mode", () -> mod.termsMode(viewer, "mask"));
        actions.put("add term", () -> mod.addTerm(viewer, "whatever"));
        actions.put("remove term", () -> mod.removeTerm(viewer, term));
        actions.put("list terms", () -> mod.terms(viewer));
        actions.put("audit", () -> mod.audit(viewer, ""));
        actions.put("answer", () -> mod.answer(viewer, question, "not mine to answer"));
        return actions;
    }

    @Test
    void everyActionNeedsAToken() {
        api.put(mod.path("mutes/1"), null, "{\"seconds\":5}").expectError(401);
        api.get(mod.path("audit"), null).expectError(401);
        api.post(mod.path("close"), null, "").expectError(401);
    }
}
