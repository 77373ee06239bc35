package com.liveroom.moderation;

import static com.liveroom.moderation.ModerationIT.contents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Jsons;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Closing a room, slow mode, blocked terms, and the audit log of it all. */
class RoomSettingsIT extends ShippedWarTest {

    private Api api;
    private Guest host;
    private Room room;
    private Moderating mod;

    @BeforeEach
    void room() {
        api = new Api(base);
        host = api.guest("host");
        room = api.stream(host, "settings");
        mod = new Moderating(api, room);
    }

    @Test
    void aClosedRoomKeepsItsHistoryAndRefusesNewMessagesAndQuestionsUntilReopened() {
        Guest ann = api.guest("ann");
        try (var a = SocketClient.withHeader(api.socket(), ann.token());
             var h = SocketClient.withHeader(api.socket(), host.token())) {
            a.joined(room.roomNumber());
            h.joined(room.roomNumber());
            a.chat(room.roomNumber(), "before closing");
            a.awaitItem(i -> i.getString("content").equals("before closing"));

            assertTrue(mod.close(host).expect(200).data().getBoolean("closed"));
            for (var member : List.of(a, h)) {
                JsonObject told = member.await(f -> f.getInt("code") == 213);
                assertTrue(told.getJsonObject("data").getBoolean("closed"));
            }
            mod.close(host).expect(200);
            assertTrue(api.get(mod.path("settings"), ann.token()).expect(200).data().getBoolean("closed"));

            a.chat(room.roomNumber(), "anyone?");
            assertTrue(a.awaitError(409).getString("msg").contains("closed"));
            h.chat(room.roomNumber(), "the host too");
            h.awaitError(409);
            mod.ask(ann, "a late question").expectError(409);
            assertEquals(List.of("before closing"), contents(api.history(ann, room, "&page=1&resultsPerPage=10&type=")));
            try (var late = SocketClient.withHeader(api.socket(), api.guest("late").token())) {
                late.joined(room.roomNumber());
            }

            assertFalse(mod.reopen(host).expect(200).data().getBoolean("closed"));
            a.await(f -> f.getInt("code") == 213 && !f.getJsonObject("data").getBoolean("closed"));
            a.chat(room.roomNumber(), "open again");
            h.awaitItem(i -> i.getString("content").equals("open again"));
            mod.ask(ann, "a question now").expect(200);
        }
        assertEquals(1, api.history(host, room, "&page=1&resultsPerPage=10&type=").getJsonArray("items").stream()
                .filter(v -> v.asJsonObject().getString("content").equals("open again")).count());
    }

    @Test
    void slowModeLetsAViewerSpeakOncePerIntervalButNotTheHostOrModerators() {
        Guest ann = api.guest("ann");
        Guest mia = api.guest("mia");
        mod.appoint(host, mia).expect(200);
        try (var a = SocketClient.withHeader(api.socket(), ann.token());
             var m = SocketClient.withHeader(api.socket(), mia.token());
             var h = SocketClient.withHeader(api.socket(), host.token())) {
            a.joined(room.roomNumber());
            m.joined(room.roomNumber());
            h.joined(room.roomNumber());

            assertEquals(2, mod.slowMode(host, 2).expect(200).data().getInt("slowModeSeconds"));
            JsonObject told = a.await(f -> f.getInt("code") == 214);
            assertEquals(2, told.getJsonObject("data").getInt("slowModeSeconds"));

            a.chat(room.roomNumber(), "one", "slow-1");
            a.await(f -> f.getInt("code") == 202);
            a.chat(room.roomNumber(), "two", "slow-2");
            JsonObject refused = a.awaitError(429);
            assertTrue(refused.getString("msg").contains("slow mode") && refused.getString("msg").matches(".*wait [12] s.*"),
                    "the refusal says how long to wait: " + refused);
            for (int i = 0; i < 3; i++) {
                h.chat(room.roomNumber(), "host " + i);
                m.chat(room.roomNumber(), "moderator " + i);
            }
            a.awaitItem(i -> i.getString("content").equals("host 2"));
            a.awaitItem(i -> i.getString("content").equals("moderator 2"));
            // questions are not slowed: slow mode paces the chat
            mod.ask(ann, "a question in slow mode").expect(200);

            a.chatUntilAcked(room.roomNumber(), "three", "slow-3", 429, Duration.ofSeconds(15));
            h.awaitItem(i -> i.getString("content").equals("three"));
            assertEquals(1, h.items().stream().filter(i -> i.getString("content").equals("three")).count());
            assertFalse(h.items().stream().anyMatch(i -> i.getString("content").equals("two")));

            mod.slowMode(host, -1).expectError(400);
            mod.slowMode(host, 3601).expectError(400);
            mod.settings(host, Jsons.object().add("slowModeSeconds", "x").build()).expectError(400);
            mod.slowMode(host, 0).expect(200);
            a.chat(room.roomNumber(), "four");
            a.chat(room.roomNumber(), "five");
            h.awaitItem(i -> i.getString("content").equals("five"));
        }
    }

    @Test
    void blockedTermsRefuseMessagesAndQuestionsIgnoringCaseAndWidth() {
        Guest ann = api.guest("ann");
        JsonObject added = mod.addTerm(host, "Bad").expect(200).data();
        assertEquals("Bad", added.getString("term"));
        assertEquals(added.getJsonNumber("id"), mod.addTerm(host, "ｂａｄ").expect(200).data().getJsonNumber("id"),
                "the same term in another width is the same term");
        mod.addTerm(host, " ").expectError(400);
        mod.addTerm(host, "x".repeat(65)).expectError(400);
        JsonObject listed = mod.terms(host).expect(200).data();
        assertEquals(1, listed.getJsonArray("room").size());
        assertTrue(listed.getJsonArray("global").contains(Jsons.object().add("t", "globalbad").build().get("t")), listed.toString());

        try (var a = SocketClient.withHeader(api.socket(), ann.token())) {
            a.joined(room.roomNumber());
            a.chat(room.roomNumber(), "this is ＢＡＤ");
            assertTrue(a.awaitError(400).getString("msg").contains("blocked term"));
            a.chat(room.roomNumber(), "so bAd");
            a.chat(room.roomNumber(), "a ＧＬＯＢＡＬＢＡＤ word from the server's list");
            a.awaitCount(f -> f.getInt("code") == 400, 3);
            mod.ask(ann, "is it bad?").expectError(400);
            a.chat(room.roomNumber(), "all good here");
            a.awaitItem(i -> i.getString("content").equals("all good here"));

            mod.removeTerm(host, added.getJsonNumber("id").longValue()).expect(200);
            mod.removeTerm(host, added.getJsonNumber("id").longValue()).expectError(404);
            a.chat(room.roomNumber(), "bad is fine now");
            a.awaitItem(i -> i.getString("content").equals("bad is fine now"));
        }
        assertEquals(List.of("all good here", "bad is fine now"), contents(api.history(host, room, "&after=0")));
    }

    @Test
    void aRoomThatMasksStoresAndBroadcastsTheMaskedText() {
        Guest ann = api.guest("ann");
        mod.addTerm(host, "bad").expect(200);
        mod.addTerm(host, "坏蛋").expect(200);
        try (var a = SocketClient.withHeader(api.socket(), ann.token());
             var h = SocketClient.withHeader(api.socket(), host.token())) {
            a.joined(room.roomNumber());
            h.joined(room.roomNumber());
            assertEquals("mask", mod.termsMode(host, "mask").expect(200).data().getString("blockedTermsMode"));
            h.await(f -> f.getInt("code") == 214 && f.getJsonObject("data").getString("blockedTermsMode").equals("mask"));
            mod.termsMode(host, "shout").expectError(400);

            a.chat(room.roomNumber(), "this is ＢＡＤ, 你是坏蛋, GlobalBad");
            JsonObject item = h.awaitItem(i -> i.getString("content").startsWith("this is"));
            assertEquals("this is ***, 你是**, *********", item.getString("content"));
            String asked = mod.ask(ann, "is Bad ok?").expect(200).data().getString("content");
            assertEquals("is *** ok?", asked);
            JsonObject question = h.awaitItem(i -> i.getString("type").equals("question"));
            assertEquals("is *** ok?", Jsons.parse(question.getString("content")).getString("content"));
        }
        List<String> stored = contents(api.history(host, room, "&after=0"));
        assertEquals("this is ***, 你是**, *********", stored.get(0));
        assertFalse(stored.toString().toLowerCase().contains("bad"), stored.toString());
    }

    @Test
    void theAuditLogListsEveryActionNewestFirstForTheHostOnly() {
        Guest ann = api.guest("ann");
        Guest mia = api.guest("mia");
        long item;
        try (var a = SocketClient.withHeader(api.socket(), ann.token())) {
            a.joined(room.roomNumber());
            a.chat(room.roomNumber(), "regrettable");
            item = a.awaitItem(i -> i.getString("content").equals("regrettable")).getJsonNumber("id").longValue();
        }
        mod.appoint(host, mia).expect(200);
        mod.deleteItem(mia, item).expect(200);
        mod.mute(mia, ann, 30).expect(200);
        mod.unmute(mia, ann).expect(200);
        mod.ban(host, ann).expect(200);
        mod.unban(host, ann).expect(200);
        mod.close(mia).expect(200);
        mod.reopen(mia).expect(200);
        mod.slowMode(host, 3).expect(200);
        mod.termsMode(host, "mask").expect(200);
        long term = mod.addTerm(mia, "oops").expect(200).data().getJsonNumber("id").longValue();
        mod.removeTerm(mia, term).expect(200);
        mod.dismiss(host, mia).expect(200);
        mod.mute(host, ann, 5).expect(200);

        JsonObject page = mod.audit(host, "?page=1&resultsPerPage=100").expect(200).data();
        List<String> actions = page.getJsonArray("items").stream().map(v -> v.asJsonObject().getString("action")).toList();
        assertEquals(List.of("user.mute", "moderator.remove", "term.remove", "term.add", "room.terms-mode", "room.slow-mode",
                "room.reopen", "room.close", "user.unban", "user.ban", "user.unmute", "user.mute", "item.delete",
                "moderator.appoint"), actions);
        assertEquals(14, page.getJsonNumber("total").longValue());

        JsonObject deleted = page.getJsonArray("items").getJsonObject(12);
        assertEquals(mia.id(), deleted.getJsonNumber("actorId").longValue());
        assertEquals("mia", deleted.getString("actorName"));
        assertEquals(ann.id(), deleted.getJsonNumber("targetUser").longValue());
        assertEquals(item, deleted.getJsonNumber("targetItem").longValue());
        assertEquals("regrettable", deleted.getJsonObject("detail").getString("content"));
        assertTrue(deleted.getString("createdAt").matches("\\d{4}-\\d\\d-\\d\\dT.*[+-]\\d\\d:\\d\\d"), deleted.toString());
        JsonObject muted = page.getJsonArray("items").getJsonObject(11);
        assertEquals(30, muted.getJsonObject("detail").getInt("seconds"));
        assertEquals("calm down", muted.getJsonObject("detail").getString("reason"));
        assertEquals(3, page.getJsonArray("items").getJsonObject(5).getJsonObject("detail").getInt("to"));

        JsonObject second = mod.audit(host, "?page=2&resultsPerPage=5").expect(200).data();
        assertEquals(actions.subList(5, 10), second.getJsonArray("items").stream()
                .map(v -> v.asJsonObject().getString("action")).toList());
        mod.audit(host, "?page=0").expectError(400);
        mod.audit(host, "?resultsPerPage=abc").expectError(400);
        mod.audit(ann, "").expectError(403);
        mod.appoint(host, mia).expect(200);
        mod.audit(mia, "").expectError(403);
    }
}
