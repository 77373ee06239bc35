package com.liveroom.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deleting items, muting and banning, as members of the room see it on their sockets and in history. */
class ModerationIT extends ShippedWarTest {

    private Api api;
    private Guest host;
    private Room room;
    private Moderating mod;

    @BeforeEach
    void room() {
        api = new Api(base);
        host = api.guest("host");
        room = api.stream(host, "moderation");
        mod = new Moderating(api, room);
    }

    @Test
    void aDeletedItemLeavesHistoryAndResumeAndEveryMemberIsTold() {
        Guest ann = api.guest("ann");
        Guest bob = api.guest("bob");
        JsonObject second;
        String epoch;
        try (var a = SocketClient.withHeader(api.socket(), ann.token());
             var b = SocketClient.withHeader(api.socket(), bob.token())) {
            a.joined(room.roomNumber());
            b.joined(room.roomNumber());
            a.chat(room.roomNumber(), "first");
            a.chat(room.roomNumber(), "second");
            a.chat(room.roomNumber(), "third");
            b.awaitItem(i -> i.getString("content").equals("third"));
            second = b.awaitItem(i -> i.getString("content").equals("second"));
            epoch = second.getString("epoch");
            long id = second.getJsonNumber("id").longValue();
            long seq = second.getJsonNumber("seq").longValue();

            JsonObject deleted = mod.deleteItem(host, id).expect(200).data();
            assertEquals(id, deleted.getJsonNumber("id").longValue());
            assertEquals(seq, deleted.getJsonNumber("seq").longValue());
            for (var member : List.of(a, b)) {
                JsonObject told = member.await(f -> f.getInt("code") == 210);
                assertEquals("deleted", told.getString("msg"));
                assertEquals(id, told.getJsonObject("data").getJsonNumber("id").longValue());
                assertEquals(seq, told.getJsonObject("data").getJsonNumber("seq").longValue());
                assertEquals(room.id(), told.getJsonObject("data").getJsonNumber("stream").longValue());
                assertEquals(room.roomNumber(), told.getJsonObject("data").getString("topic"));
            }
            mod.deleteItem(host, id).expectError(404);
        }

        JsonObject page = api.history(ann, room, "&page=1&resultsPerPage=10&type=");
        assertEquals(List.of("first", "third"), contents(page));
        assertEquals(2, page.getJsonNumber("total").longValue());
        assertEquals(List.of(1L, 3L), seqs(page), "the deleted item leaves a hole in the numbering, nothing moves");
        assertEquals(List.of("first", "third"), contents(api.history(ann, room, "&after=0")));
        assertEquals(List.of("first"), contents(api.history(ann, room, "&before=3")));
        assertEquals(List.of("first", "third"), contents(api.history(ann, room, "&page=1&resultsPerPage=10&type=message")));

        try (var back = SocketClient.withHeader(api.socket(), ann.token())) {
            back.resume(room.roomNumber(), 0, epoch);
            JsonObject joined = back.await(f -> f.getInt("code") == 201);
            assertEquals(2, joined.getJsonObject("data").getInt("replayed"));
            assertEquals(List.of("first", "third"), back.items().stream().map(i -> i.getString("content")).toList());
        }
    }

    @Test
    void onlyItemsOfTheRoomCanBeDeleted() {
        Room other = api.stream(host, "other");
        Guest ann = api.guest("ann");
        try (var a = SocketClient.withHeader(api.socket(), ann.token())) {
            a.joined(other.roomNumber());
            a.chat(other.roomNumber(), "elsewhere");
            long id = a.awaitItem(i -> i.getString("content").equals("elsewhere")).getJsonNumber("id").longValue();
            mod.deleteItem(host, id).expectError(404);
            mod.deleteItem(host, 987654321).expectError(404);
            assertEquals(1, api.total(ann, other));
        }
    }

    @Test
    void aMutedViewerCannotChatOrAskUntilUnmutedWhileOthersGoOn() {
        Guest ann = api.guest("ann");
        Guest bob = api.guest("bob");
        try (var a = SocketClient.withHeader(api.socket(), ann.token());
             var a2 = SocketClient.withQuery(api.socket(), ann.token());
             var b = SocketClient.withHeader(api.socket(), bob.token())) {
            a.joined(room.roomNumber());
            a2.joined(room.roomNumber());
            b.joined(room.roomNumber());

            JsonObject mute = mod.mute(host, ann, 120).expect(200).data();
            assertEquals("mute", mute.getString("kind"));
            assertEquals("calm down", mute.getString("reason"));
            OffsetDateTime until = OffsetDateTime.parse(mute.getString("until"));
            for (var socket : List.of(a, a2)) {
                JsonObject told = socket.await(f -> f.getInt("code") == 211);
                assertEquals(mute.getString("until"), told.getJsonObject("data").getString("until"));
            }

            a.chat(room.roomNumber(), "can anyone hear me?");
            JsonObject refused = a.awaitError(403);
            assertTrue(refused.getString("msg").contains("muted") && refused.getString("msg").contains(mute.getString("until")),
                    "the refusal says until when: " + refused);
            var asked = mod.ask(ann, "may I ask?").expectError(403);
            assertTrue(asked.json().getString("msg").contains(mute.getString("until")), asked.body());

            b.chat(room.roomNumber(), "bob goes on");
            a.awaitItem(i -> i.getString("content").equals("bob goes on"));
            mod.ask(bob, "bob asks").expect(200);

            var listed = api.get(mod.path("mutes"), host.token()).expect(200).json().getJsonArray("data");
            assertEquals(1, listed.size());
            assertEquals(ann.id(), listed.getJsonObject(0).getJsonNumber("userId").longValue());
            assertTrue(until.isAfter(OffsetDateTime.now().plusSeconds(100)));

            mod.unmute(host, ann).expect(200);
            a.await(f -> f.getInt("code") == 211 && !f.getJsonObject("data").containsKey("until"));
            a.chat(room.roomNumber(), "back again");
            b.awaitItem(i -> i.getString("content").equals("back again"));
            mod.ask(ann, "and a question").expect(200);
            mod.unmute(host, ann).expectError(404);
            assertTrue(a.items().stream().noneMatch(i -> i.getString("content").equals("can anyone hear me?")));
        }
        assertFalse(contents(api.history(host, room, "&after=0")).contains("can anyone hear me?"));
    }

    @Test
    void aMuteEndsByItself() {
        Guest ann = api.guest("ann");
        try (var a = SocketClient.withHeader(api.socket(), ann.token())) {
            a.joined(room.roomNumber());
            mod.mute(host, ann, 2).expect(200);
            a.chat(room.roomNumber(), "too early");
            a.awaitError(403);
            a.chatUntilAcked(room.roomNumber(), "free again", "free-again", 403, Duration.ofSeconds(15));
            a.awaitItem(i -> i.getString("content").equals("free again"));
            assertEquals(1, a.items().stream().filter(i -> i.getString("content").equals("free again")).count(),
                    "the tries while muted stored nothing");
            assertEquals(0, api.get(mod.path("mutes"), host.token()).expect(200).json().getJsonArray("data").size());
        }
    }

    @Test
    void aBannedViewerIsTakenOutOfTheRoomOnEverySocketAndCannotRejoinOrPostUntilUnbanned() {
        Guest ann = api.guest("ann");
        Guest bob = api.guest("bob");
        Room elsewhere = api.stream(host, "elsewhere");
        try (var a = SocketClient.withHeader(api.socket(), ann.token());
             var a2 = SocketClient.withQuery(api.socket(), ann.token());
             var b = SocketClient.withHeader(api.socket(), bob.token())) {
            a.joined(room.roomNumber());
            a.joined(elsewhere.roomNumber());
            a2.joined(room.roomNumber());
            b.joined(room.roomNumber());

            JsonObject ban = mod.ban(host, ann).expect(200).data();
            assertEquals("ban", ban.getString("kind"));
            assertFalse(ban.containsKey("until"), "a ban has no end");
            for (var socket : List.of(a, a2)) {
                JsonObject told = socket.await(f -> f.getInt("code") == 212);
                assertTrue(told.getString("msg").contains("banned") && told.getString("msg").contains("spam"), told.toString());
                assertEquals(room.roomNumber(), told.getJsonObject("data").getString("topic"));
            }

            b.chat(room.roomNumber(), "after the ban");
            b.awaitItem(i -> i.getString("content").equals("after the ban"));
            a.chat(elsewhere.roomNumber(), "still welcome elsewhere");
            a.awaitItem(i -> i.getString("content").equals("still welcome elsewhere"));
            assertTrue(a.isOpen() && a2.isOpen(), "the sockets stay open for their other rooms");
            assertTrue(a.items().stream().noneMatch(i -> i.getString("content").equals("after the ban")));
            assertTrue(a2.items().stream().noneMatch(i -> i.getString("content").equals("after the ban")));

            a.chat(room.roomNumber(), "let me in");
            a.awaitError(403);
            a2.join(room.roomNumber());
            JsonObject refused = a2.await(f -> f.getInt("code") == 403 && f.getString("msg").contains("banned"));
            assertTrue(refused.getString("msg").contains("banned"));
            mod.ask(ann, "and now?").expectError(403);
            try (var fresh = SocketClient.withHeader(api.socket(), ann.token())) {
                fresh.join(room.roomNumber());
                fresh.await(f -> f.getInt("code") == 403 && f.getString("msg").contains("banned"));
                fresh.chat(room.roomNumber(), "sneaking in");
                fresh.awaitCount(f -> f.getInt("code") == 403, 2);
            }
            assertEquals(1, api.get(mod.path("bans"), host.token()).expect(200).json().getJsonArray("data").size());

            mod.unban(host, ann).expect(200);
            a2.joined(room.roomNumber());
            a2.chat(room.roomNumber(), "thank you");
            b.awaitItem(i -> i.getString("content").equals("thank you"));
            mod.unban(host, ann).expectError(404);
        }
        List<String> stored = contents(api.history(host, room, "&after=0"));
        assertFalse(stored.contains("let me in") || stored.contains("sneaking in"), stored.toString());
    }

    @Test
    void sanctionsNeedARealUserAndAGoodDuration() {
        Guest ann = api.guest("ann");
        api.put(mod.path("mutes/987654321"), host.token(), "{\"seconds\":60}").expectError(404);
        api.put(mod.path("mutes/" + ann.id()), host.token(), "{}").expectError(400);
        api.put(mod.path("mutes/" + ann.id()), host.token(), "{\"seconds\":0}").expectError(400);
        api.put(mod.path("mutes/" + ann.id()), host.token(), "{\"seconds\":\"soon\"}").expectError(400);
        api.put(mod.path("mutes/" + ann.id()), host.token(), "not json").expectError(400);
        api.put(mod.path("bans/" + ann.id()), host.token(), null).expect(200);
    }

    static List<String> contents(JsonObject page) {
        return page.getJsonArray("items").stream().map(v -> v.asJsonObject().getString("content")).toList();
    }

    static List<Long> seqs(JsonObject page) {
        return page.getJsonArray("items").stream().map(v -> v.asJsonObject().getJsonNumber("seq").longValue()).toList();
    }
}
