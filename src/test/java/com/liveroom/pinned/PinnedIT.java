package com.liveroom.pinned;

import static com.liveroom.pinned.Pinboard.awaitNoPin;
import static com.liveroom.pinned.Pinboard.awaitPin;
import static com.liveroom.pinned.Pinboard.fence;
import static com.liveroom.pinned.Pinboard.isPinned;
import static com.liveroom.pinned.Pinboard.pinEvents;
import static com.liveroom.pinned.Pinboard.pinOf;
import static com.liveroom.pinned.Pinboard.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.AtOnce;
import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Jsons;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pinned announcement through the public surface only: pinning a text or an item, replacing, taking down, the
 * end of a timed pin, joiners and resumers given the pin after their 201, two changes at once, who may do what, and
 * what is refused. A watcher's socket in the room shows what members receive.
 */
class PinnedIT extends ShippedWarTest {

    /** A timed pin's end is sent by the once-a-second sweep: this long after {@code until} at most, with slack. */
    private static final Duration END_SLACK = Duration.ofSeconds(5);

    private Api api;
    private Pinboard pins;
    private Guest host;
    private Guest viewer;
    private Room room;
    private SocketClient watcher;
    private final List<SocketClient> sockets = new ArrayList<>();

    @BeforeEach
    void room() {
        api = new Api(base);
        pins = new Pinboard(api);
        host = api.guest("host");
        viewer = api.guest("viewer");
        room = api.stream(host, "pinned");
        watcher = socket(api.guest("watcher"));
        watcher.joined(room.roomNumber());
    }

    @AfterEach
    void leave() {
        sockets.forEach(SocketClient::close);
    }

    @Test
    void hostPinsTextEveryoneIsToldAndUnpinTakesItDown() {
        JsonObject answer = pins.pinText(host, room, "  Giveaway at 9 pm!  ", null).expect(200).data();
        JsonObject pin = pinOf(answer);
        assertEquals("Giveaway at 9 pm!", pin.getString("text"), "the text is stripped like a chat message");
        assertEquals(host.id(), pin.getJsonObject("author").getJsonNumber("id").longValue());
        assertEquals(host.displayName(), pin.getJsonObject("pinnedBy").getString("displayName"));
        assertFalse(pin.containsKey("until"), "no end given: until taken down");
        assertFalse(pin.containsKey("itemId"));
        assertNotNull(OffsetDateTime.parse(pin.getString("pinnedAt")));
        assertEquals(room.roomNumber(), answer.getString("topic"));
        assertEquals(room.id(), answer.getJsonNumber("stream").longValue());

        JsonObject event = awaitPin(watcher, "Giveaway at 9 pm!");
        assertEquals(answer, event, "the room is told what the answer says");
        assertEquals(pin, pins.current(viewer, room), "everyone signed in reads it");

        JsonObject down = pins.unpin(host, room).expect(200).data();
        assertTrue(down.containsKey("pin") && down.isNull("pin"), "pin is null, written out: " + down);
        assertEquals(version(answer) + 1, version(down));
        JsonObject gone = awaitNoPin(watcher, version(down), SocketClient.WAIT);
        assertEquals(down, gone.getJsonObject("data"));
        assertNull(pins.current(viewer, room));
        pins.unpin(host, room).expectError(404);

        fence(watcher, room.roomNumber());
        assertEquals(2, pinEvents(watcher).size(), "one event per change");
        assertEquals(1, watcher.items().size(), "no chat item (code 200) but the fence: " + watcher.items());
        List<String> actions = audit().stream().map(a -> a.getString("action")).toList();
        assertEquals(List.of("pin.remove", "pin.set"), actions);
        JsonObject set = audit().get(1).getJsonObject("detail");
        assertEquals("Giveaway at 9 pm!", set.getString("text"));
    }

    @Test
    void replacingAPinTellsTheRoomOnceAndAuditsWhatWasReplaced() {
        long first = version(pins.pinText(host, room, "first", null).expect(200).data());
        JsonObject second = pins.pinText(host, room, "second", 600L).expect(200).data();
        assertEquals(first + 1, version(second));
        String until = pinOf(second).getString("until");
        long seconds = Duration.between(OffsetDateTime.parse(pinOf(second).getString("pinnedAt")),
                OffsetDateTime.parse(until)).toSeconds();
        assertEquals(600, seconds);
        awaitPin(watcher, "second");
        assertEquals("second", pins.current(viewer, room).getString("text"));
        JsonObject replaced = audit().get(0).getJsonObject("detail");
        assertEquals("first", replaced.getString("replaced"));
        assertEquals(600, replaced.getInt("seconds"));
    }

    @Test
    void moderatorMayPinAndUnpinViewerMayNot() {
        pins.pinText(viewer, room, "hijack", null).expectError(403);
        pins.pinText(host, room, "by the host", null).expect(200);
        pins.unpin(viewer, room).expectError(403);
        pins.pinText(viewer, room, "hijack", 60L).expectError(403);
        assertEquals("by the host", pins.current(viewer, room).getString("text"), "refused calls change nothing");

        Guest moderator = api.guest("moderator");
        api.put("api/streams/" + room.id() + "/moderators/" + moderator.id(), host.token(), null).expect(200);
        JsonObject byModerator = pinOf(pins.pinText(moderator, room, "by a moderator", 30L).expect(200).data());
        assertEquals(moderator.displayName(), byModerator.getJsonObject("pinnedBy").getString("displayName"));
        pins.unpin(moderator, room).expect(200);
        fence(watcher, room.roomNumber());
        assertEquals(3, pinEvents(watcher).size(), "only the allowed changes are told: " + pinEvents(watcher));
        assertEquals(3, audit().stream().filter(a -> a.getString("action").startsWith("pin.")).count());
    }

    @Test
    void badDurationsTextsAndBodiesAreRefusedAndChangeNothing() {
        pins.pinText(host, room, "in force", null).expect(200);
        awaitPin(watcher, "in force");
        for (String body : List.of("{\"text\":\"x\",\"seconds\":29}", "{\"text\":\"x\",\"seconds\":3601}",
                "{\"text\":\"x\",\"seconds\":0}", "{\"text\":\"x\",\"seconds\":-30}", "{\"text\":\"x\",\"seconds\":60.5}",
                "{\"text\":\"x\",\"seconds\":\"60\"}", "{\"text\":\"\"}", "{\"text\":\"   \"}", "{\"text\":5}",
                "{\"text\":null}", "{}", "{\"text\":\"x\",\"itemId\":1}", "{\"itemId\":\"1\"}", "[1]", "not json")) {
            var answer = pins.pin(host, room, body).expectError(400);
            assertEquals(400, answer.json().getInt("code"), body);
        }
        pins.pinText(host, room, "x".repeat(501), null).expectError(413);
        pins.pinText(host, room, "x".repeat(500), 30L).expect(200);
        pins.pinText(host, room, "back", null).expect(200);

        pins.pinItem(host, room, 999_999_999L, null).expectError(404);
        Room other = api.stream(host, "elsewhere");
        SocketClient there = socket(api.guest("there"));
        there.joined(other.roomNumber());
        there.chat(other.roomNumber(), "from another room");
        long otherItem = there.awaitItem(i -> i.getString("content").equals("from another room"))
                .getJsonNumber("id").longValue();
        pins.pinItem(host, room, otherItem, null).expectError(404);
        api.put("api/streams/999999999/pin", host.token(), "{\"text\":\"x\"}").expectError(404);
        api.get("api/streams/999999999/pin", host.token()).expectError(404);
        api.get("api/streams/" + room.id() + "/pin", null).expectError(401);

        String terms = "api/streams/" + room.id() + "/blocked-terms";
        api.post(terms, host.token(), "{\"term\":\"spoiler\"}").expect(200);
        pins.pinText(host, room, "a SPOILER here", null).expectError(400);
        assertEquals("back", pins.current(viewer, room).getString("text"), "refusals change nothing");
        api.put("api/streams/" + room.id() + "/settings", host.token(), "{\"blockedTermsMode\":\"mask\"}").expect(200);
        assertEquals("a ******* here", pinOf(pins.pinText(host, room, "a SPOILER here", null).expect(200).data())
                .getString("text"), "a room that masks masks a pin too");
    }

    @Test
    void pinAnItemShowsItUnderItsAuthorAndDeletingTheItemTakesThePinDown() {
        SocketClient speaker = socket(viewer);
        speaker.joined(room.roomNumber());
        speaker.chat(room.roomNumber(), "Worth pinning");
        JsonObject item = watcher.awaitItem(i -> i.getString("content").equals("Worth pinning"));
        long itemId = item.getJsonNumber("id").longValue();

        JsonObject pin = pinOf(pins.pinItem(host, room, itemId, null).expect(200).data());
        assertEquals("Worth pinning", pin.getString("text"));
        assertEquals(itemId, pin.getJsonNumber("itemId").longValue());
        assertEquals(viewer.id(), pin.getJsonObject("author").getJsonNumber("id").longValue());
        assertEquals(viewer.displayName(), pin.getJsonObject("author").getString("displayName"));
        assertEquals(host.displayName(), pin.getJsonObject("pinnedBy").getString("displayName"));
        long pinned = version(awaitPin(watcher, "Worth pinning"));

        api.delete("api/streams/" + room.id() + "/items/" + itemId, host.token()).expect(200);
        watcher.await(f -> f.getInt("code") == 210);
        JsonObject gone = awaitNoPin(watcher, pinned + 1, SocketClient.WAIT);
        assertEquals("unpinned", gone.getString("msg"));
        assertNull(pins.current(viewer, room), "the pin went with its item");
        pins.pinItem(host, room, itemId, null).expectError(404);

        // a question shows its text under its asker, an answer under the organisation
        api.post("api/question/add", viewer.token(), Jsons.object().add("content", "Is it waterproof?")
                .add("streamId", Long.toString(room.id())).build()).expect(200);
        JsonObject question = watcher.awaitItem(i -> i.getString("type").equals("question"));
        JsonObject asked = pinOf(pins.pinItem(host, room, question.getJsonNumber("id").longValue(), 60L)
                .expect(200).data());
        assertEquals("Is it waterproof?", asked.getString("text"));
        assertEquals(viewer.displayName(), asked.getJsonObject("author").getString("displayName"));
        long questionId = Jsons.parse(question.getString("content")).getJsonNumber("id").longValue();
        api.post("api/question/" + questionId + "/answer", host.token(), Jsons.object().add("answer", "Yes, to 10 m.")
                .build()).expect(200);
        JsonObject answer = watcher.awaitItem(i -> i.getString("type").equals("answer"));
        JsonObject answered = pinOf(pins.pinItem(host, room, answer.getJsonNumber("id").longValue(), null)
                .expect(200).data());
        assertEquals("Yes, to 10 m.", answered.getString("text"));
        assertEquals(room.orgName(), answered.getJsonObject("author").getString("displayName"));

        // deleting an item that is not the one pinned leaves the pin
        speaker.chat(room.roomNumber(), "not pinned");
        long other = watcher.awaitItem(i -> i.getString("content").equals("not pinned")).getJsonNumber("id").longValue();
        api.delete("api/streams/" + room.id() + "/items/" + other, host.token()).expect(200);
        assertEquals("Yes, to 10 m.", pins.current(viewer, room).getString("text"));
    }

    @Test
    void twoPinsAtOnceBothAnswerAndTheRoomEndsOnTheOneInForce() {
        for (int round = 0; round < 3; round++) {
            String a = "A" + round;
            String b = "B" + round;
            List<Api.Response> answers = AtOnce.run(List.of(() -> pins.pinText(host, room, a, null),
                    () -> pins.pinText(host, room, b, 120L)));
            answers.forEach(answer -> answer.expect(200));
            long va = version(answers.get(0).data());
            long vb = version(answers.get(1).data());
            assertEquals(1, Math.abs(va - vb), "one replaced the other: versions " + va + ", " + vb);
            String inForce = va > vb ? a : b;
            assertEquals(inForce, pins.current(viewer, room).getString("text"), "the later one is in force");
            long newest = Math.max(va, vb);
            watcher.await(f -> isPinned(f) && version(f.getJsonObject("data")) == newest);
            fence(watcher, room.roomNumber());
            JsonObject last = pinEvents(watcher).get(pinEvents(watcher).size() - 1).getJsonObject("data");
            assertEquals(inForce, pinOf(last).getString("text"), "members end on the pin in force");
        }
        List<Api.Response> unpins = AtOnce.run(List.of(() -> pins.unpin(host, room), () -> pins.unpin(host, room)));
        assertEquals(List.of(200, 404), unpins.stream().map(Api.Response::status).sorted().toList());
        fence(watcher, room.roomNumber());
        assertNull(pinOf(pinEvents(watcher).get(pinEvents(watcher).size() - 1).getJsonObject("data")));
        assertEquals(7, audit().size(), "six pins and one unpin, each audited once");
    }

    @Test
    void lateJoinersAndResumersAreGivenThePinRightAfterTheir201() {
        // nobody is in this room here yet: the first joiner's server loads the pin with the room
        Room fresh = api.stream(host, "fresh");
        Guest speaker = api.guest("speaker");
        SocketClient first = socket(speaker);
        first.joined(fresh.roomNumber());
        first.chat(fresh.roomNumber(), "one");
        JsonObject one = first.awaitItem(i -> i.getString("content").equals("one"));
        first.close();
        pins.pinText(host, fresh, "For latecomers", null).expect(200);

        SocketClient late = socket(api.guest("late"));
        late.joined(fresh.roomNumber());
        assertRightAfter201(late, "For latecomers");
        SocketClient later = socket(api.guest("later"));
        later.joined(fresh.roomNumber());
        assertRightAfter201(later, "For latecomers");

        late.chat(fresh.roomNumber(), "two");
        late.awaitItem(i -> i.getString("content").equals("two"));
        SocketClient resumer = socket(speaker);
        resumer.resume(fresh.roomNumber(), one.getJsonNumber("seq").longValue(), one.getString("epoch"));
        resumer.awaitItem(i -> i.getString("content").equals("two"));
        assertRightAfter201(resumer, "For latecomers");

        SocketClient lost = socket(api.guest("lost"));
        lost.resume(fresh.roomNumber(), 1, "another-epoch");
        lost.await(f -> f.getInt("code") == 410);
        JsonObject after = lost.await(Pinboard::isPinned);
        assertEquals("For latecomers", pinOf(after.getJsonObject("data")).getString("text"));

        pins.unpin(host, fresh).expect(200);
        SocketClient unpinned = socket(api.guest("unpinned"));
        unpinned.joined(fresh.roomNumber());
        fence(unpinned, fresh.roomNumber());
        assertTrue(pinEvents(unpinned).isEmpty(), "nothing pinned, nothing given: " + pinEvents(unpinned));
    }

    @Test
    void aTimedPinEndsByItselfAndAReplacedOnesEndDoesNothing() {
        Room replaced = api.stream(host, "replaced");
        SocketClient replacedWatcher = socket(api.guest("replaced-watcher"));
        replacedWatcher.joined(replaced.roomNumber());

        JsonObject timed = pins.pinText(host, room, "Half a minute", 30L).expect(200).data();
        pins.pinText(host, replaced, "Short", 30L).expect(200);
        pins.pinText(host, replaced, "Stays", null).expect(200);
        OffsetDateTime until = OffsetDateTime.parse(pinOf(timed).getString("until"));

        JsonObject ended = awaitBeating(watcher, f -> isPinned(f) && pinOf(f.getJsonObject("data")) == null,
                Duration.ofSeconds(30).plus(END_SLACK));
        long endedAt = System.currentTimeMillis();
        assertTrue(endedAt >= until.toInstant().toEpochMilli(), "not before its end");
        System.out.println("[pinned] the end of a 30 s pin reached a member " + (endedAt - until.toInstant().toEpochMilli())
                + " ms after its until");
        assertEquals("pin ended", ended.getString("msg"));
        assertEquals(version(timed), version(ended.getJsonObject("data")), "the end is no new change");
        assertNull(pins.current(viewer, room), "GET shows none");
        pins.unpin(host, room).expectError(404);
        SocketClient late = socket(api.guest("late"));
        late.joined(room.roomNumber());
        fence(late, room.roomNumber());
        assertTrue(pinEvents(late).isEmpty(), "an ended pin is not given to joiners");
        fence(watcher, room.roomNumber());
        assertEquals(2, pinEvents(watcher).size(), "the pin and its end, once: " + pinEvents(watcher));

        fence(replacedWatcher, replaced.roomNumber());
        assertTrue(pinEvents(replacedWatcher).stream().allMatch(f -> pinOf(f.getJsonObject("data")) != null),
                "the replaced pin's end did nothing: " + pinEvents(replacedWatcher));
        assertEquals("Stays", pins.current(viewer, replaced).getString("text"));
        assertEquals(0, audit().stream().filter(a -> a.getString("action").equals("pin.remove")).count(),
                "an end is no action");
    }

    /**
     * Waits for a frame a client received, beating on every socket of the test meanwhile (a socket that sends
     * nothing for 30 s is closed), with a deadline poll.
     */
    private JsonObject awaitBeating(SocketClient client, Predicate<JsonObject> wanted, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long nextBeat = 0;
        while (true) {
            var found = client.frames().stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            long now = System.nanoTime();
            assertTrue(now < deadline, "no matching frame within " + wait + ": " + client.frames());
            if (now >= nextBeat) {
                sockets.stream().filter(SocketClient::isOpen).forEach(socket -> socket.send(1, ""));
                nextBeat = now + TimeUnit.SECONDS.toNanos(5);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private void assertRightAfter201(SocketClient client, String text) {
        client.await(f -> f.getInt("code") == 201);
        List<JsonObject> frames = client.frames();
        int joined = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).getInt("code") == 201) {
                joined = i;
            }
        }
        assertNotEquals(-1, joined);
        JsonObject next = awaitNth(client, joined + 1);
        assertTrue(isPinned(next), "right after 201 comes the pin: " + frames);
        assertEquals(text, pinOf(next.getJsonObject("data")).getString("text"));
    }

    private static JsonObject awaitNth(SocketClient client, int index) {
        client.await(f -> client.frames().size() > index);
        return client.frames().get(index);
    }

    private List<JsonObject> audit() {
        return api.get("api/streams/" + room.id() + "/audit", host.token()).expect(200).data().getJsonArray("items")
                .getValuesAs(JsonObject.class);
    }

    private SocketClient socket(Guest guest) {
        SocketClient client = SocketClient.withHeader(api.socket(), guest.token());
        sockets.add(client);
        return client;
    }
}
