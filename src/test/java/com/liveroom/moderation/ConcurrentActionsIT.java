package com.liveroom.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.AtOnce;
import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Jsons;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each host-side action fired {@value #AT_ONCE} times at the same moment: exactly one changes the room (one audit
 * entry, one socket event) and the others get the contract's answer, always {@code {code, msg}} JSON.
 */
class ConcurrentActionsIT extends ShippedWarTest {

    private static final int AT_ONCE = 8;

    private Api api;
    private Guest host;
    private Guest viewer;
    private Room room;
    private Moderating mod;
    private SocketClient hostSocket;
    private SocketClient viewerSocket;

    @BeforeEach
    void room() {
        api = new Api(base);
        host = api.guest("host");
        viewer = api.guest("viewer");
        room = api.stream(host, "at-once");
        mod = new Moderating(api, room);
        hostSocket = SocketClient.withHeader(api.socket(), host.token());
        viewerSocket = SocketClient.withHeader(api.socket(), viewer.token());
        hostSocket.joined(room.roomNumber());
        viewerSocket.joined(room.roomNumber());
    }

    @AfterEach
    void close() {
        hostSocket.close();
        viewerSocket.close();
    }

    @Test
    void anItemDeletedByManyAtOnceIsDeletedOnceAndTheOthersAre404() {
        viewerSocket.chat(room.roomNumber(), "to be deleted");
        long id = hostSocket.awaitItem(i -> i.getString("content").equals("to be deleted")).getJsonNumber("id").longValue();

        List<Api.Response> answers = AtOnce.times(AT_ONCE, () -> mod.deleteItem(host, id));

        assertStatuses(answers, 1, 404);
        assertEquals(1, audited("item.delete"));
        fence();
        assertEquals(1, events(viewerSocket, 210), "members are told of the deletion once");
    }

    @Test
    void aBanLiftedByManyAtOnceIsLiftedOnce() {
        mod.ban(host, viewer).expect(200);

        assertStatuses(AtOnce.times(AT_ONCE, () -> mod.unban(host, viewer)), 1, 404);
        assertEquals(1, audited("user.unban"));
    }

    @Test
    void aMuteLiftedByManyAtOnceIsLiftedOnceAndTheUserIsToldOnce() {
        mod.mute(host, viewer, 600).expect(200);

        assertStatuses(AtOnce.times(AT_ONCE, () -> mod.unmute(host, viewer)), 1, 404);
        assertEquals(1, audited("user.unmute"));
        fence();
        assertEquals(1, viewerSocket.frames().stream()
                .filter(f -> f.getInt("code") == 211 && f.getString("msg").equals("unmuted")).count());
    }

    @Test
    void aModeratorRemovedByManyAtOnceIsRemovedOnce() {
        Guest moderator = api.guest("moderator");
        mod.appoint(host, moderator).expect(200);

        assertStatuses(AtOnce.times(AT_ONCE, () -> mod.dismiss(host, moderator)), 1, 404);
        assertEquals(1, audited("moderator.remove"));
        fence();
        assertEquals(1, viewerSocket.frames().stream()
                .filter(f -> f.getInt("code") == 216 && f.getString("msg").equals("moderator removed")).count());
    }

    @Test
    void aBlockedTermRemovedByManyAtOnceIsRemovedOnce() {
        long termId = mod.addTerm(host, "rhubarb").expect(200).data().getJsonNumber("id").longValue();

        assertStatuses(AtOnce.times(AT_ONCE, () -> mod.removeTerm(host, termId)), 1, 404);
        assertEquals(1, audited("term.remove"));
    }

    @Test
    void aModeratorAppointedByManyAtOnceIsAppointedOnceAndEveryAnswerShowsIt() {
        Guest moderator = api.guest("moderator");

        List<Api.Response> answers = AtOnce.times(AT_ONCE, () -> mod.appoint(host, moderator));

        assertStatuses(answers, AT_ONCE, 200);
        answers.forEach(a -> assertEquals(moderator.id(), a.data().getJsonNumber("userId").longValue()));
        assertEquals(1, mod.moderators(host).expect(200).json().getJsonArray("data").size());
        assertEquals(1, audited("moderator.appoint"));
        fence();
        assertEquals(1, viewerSocket.frames().stream()
                .filter(f -> f.getInt("code") == 216 && f.getString("msg").equals("moderator appointed")).count());
    }

    @Test
    void aBanImposedByManyAtOnceIsImposedOnceAndTheUserIsToldOnce() {
        // the banned socket leaves the room; a second room of its own carries the fence
        Room elsewhere = api.stream(host, "elsewhere");
        viewerSocket.joined(elsewhere.roomNumber());

        List<Api.Response> answers = AtOnce.times(AT_ONCE, () -> mod.ban(host, viewer));

        assertStatuses(answers, AT_ONCE, 200);
        answers.forEach(a -> assertEquals("spam", a.data().getString("reason")));
        assertEquals(1, mod.bans(host).expect(200).json().getJsonArray("data").size());
        assertEquals(1, audited("user.ban"));
        String fence = "fence " + System.nanoTime();
        hostSocket.joined(elsewhere.roomNumber());
        hostSocket.chat(elsewhere.roomNumber(), fence);
        viewerSocket.awaitItem(i -> i.getString("content").equals(fence));
        assertEquals(1, events(viewerSocket, 212), "the user is told of the ban once");
    }

    /** The contract: muting again sets a new end. Each call is such a change, and the user keeps one mute. */
    @Test
    void aMuteImposedByManyAtOnceLeavesOneMuteAndAnswersEveryCallWithIt() {
        List<Api.Response> answers = AtOnce.times(AT_ONCE, () -> mod.mute(host, viewer, 600));

        assertStatuses(answers, AT_ONCE, 200);
        var mutes = mod.mutes(host).expect(200).json().getJsonArray("data");
        assertEquals(1, mutes.size());
        assertEquals(AT_ONCE, audited("user.mute"), "each mute sets a new end, and is audited as such");
        fence();
        assertEquals(AT_ONCE, events(viewerSocket, 211));
    }

    @Test
    void aTermBlockedByManyAtOnceIsAddedOnceAndEveryAnswerNamesIt() {
        List<Api.Response> answers = AtOnce.times(AT_ONCE, () -> mod.addTerm(host, "Rhubarb"));

        assertStatuses(answers, AT_ONCE, 200);
        assertEquals(1, answers.stream().map(a -> a.data().getJsonNumber("id").longValue()).distinct().count());
        assertEquals(1, mod.terms(host).expect(200).data().getJsonArray("room").size());
        assertEquals(1, audited("term.add"));
    }

    @Test
    void aRoomClosedByManyAtOnceIsClosedOnce() {
        List<Api.Response> answers = AtOnce.times(AT_ONCE, () -> mod.close(host));

        assertStatuses(answers, AT_ONCE, 200);
        answers.forEach(a -> assertTrue(a.data().getBoolean("closed")));
        assertEquals(1, audited("room.close"));
        mod.reopen(host).expect(200);
        fence();
        assertEquals(1, viewerSocket.frames().stream()
                .filter(f -> f.getInt("code") == 213 && f.getJsonObject("data").getBoolean("closed")).count());
    }

    @Test
    void slowModeSetByManyAtOnceChangesOnce() {
        List<Api.Response> answers = AtOnce.times(AT_ONCE, () -> mod.slowMode(host, 30));

        assertStatuses(answers, AT_ONCE, 200);
        answers.forEach(a -> assertEquals(30, a.data().getInt("slowModeSeconds")));
        assertEquals(1, audited("room.slow-mode"));
        fence();
        assertEquals(1, events(viewerSocket, 214));
    }

    @Test
    void aQuestionApprovedByManyAtOnceIsApprovedOnceAndTheOthersAre409() {
        api.put("api/question/settings?stream=" + room.id(), host.token(),
                Jsons.object().add("holdForReview", true).build().toString()).expect(200);
        long question = mod.ask(viewer, "held?").expect(200).data().getJsonNumber("id").longValue();

        assertStatuses(AtOnce.times(AT_ONCE, () -> api.post("api/question/" + question + "/approve", host.token(), "")), 1, 409);
        fence();
        assertEquals(1, viewerSocket.items().stream().filter(i -> i.getString("type").equals("question")).count(),
                "the question enters the room once");
    }

    @Test
    void aQuestionDismissedByManyAtOnceIsDismissedOnceAndTheOthersAre409() {
        long question = mod.ask(viewer, "open?").expect(200).data().getJsonNumber("id").longValue();

        assertStatuses(AtOnce.times(AT_ONCE, () -> api.post("api/question/" + question + "/dismiss", host.token(), "")), 1, 409);
        fence();
        assertEquals(1, viewerSocket.frames().stream().filter(f -> f.getInt("code") == 220
                && f.getJsonObject("data").getString("status").equals("dismissed")).count());
    }

    @Test
    void aQuestionHighlightedByManyAtOnceIsHighlightedOnce() {
        long question = mod.ask(viewer, "look?").expect(200).data().getJsonNumber("id").longValue();

        assertStatuses(AtOnce.times(AT_ONCE, () -> api.post("api/question/" + question + "/highlight", host.token(), "")),
                AT_ONCE, 200);
        fence();
        assertEquals(1, events(viewerSocket, 222));
    }

    @Test
    void questionSettingsChangedByManyAtOnceChangeOnce() {
        List<Api.Response> answers = AtOnce.times(AT_ONCE, () -> api.put("api/question/settings?stream=" + room.id(), host.token(),
                Jsons.object().add("holdForReview", true).build().toString()));

        assertStatuses(answers, AT_ONCE, 200);
        answers.forEach(a -> assertTrue(a.data().getBoolean("holdForReview")));
        fence();
        assertEquals(1, events(viewerSocket, 223), "the room is told of the change once");
    }

    /** Exactly {@code successes} answers are 200; the rest are {@code others}; each is {@code {code, msg}} JSON. */
    private static void assertStatuses(List<Api.Response> answers, int successes, int others) {
        Map<Integer, Integer> byStatus = new TreeMap<>();
        for (var answer : answers) {
            byStatus.merge(answer.status(), 1, Integer::sum);
            assertTrue(answer.isJson(), "not JSON (" + answer.contentType() + "): " + answer.body());
            JsonObject body = answer.json();
            assertEquals(answer.status(), body.getInt("code"), answer.body());
            if (answer.status() != 200) {
                assertTrue(!body.getString("msg", "").isBlank(), "an error without msg: " + answer.body());
            }
        }
        Map<Integer, Integer> expected = new TreeMap<>(Map.of(200, successes));
        if (successes < answers.size()) {
            expected.put(others, answers.size() - successes);
        }
        assertEquals(expected, byStatus, "statuses of " + answers.size() + " identical calls at once");
    }

    private long audited(String action) {
        return mod.audit(host, "?page=1&resultsPerPage=1000").expect(200).data().getJsonArray("items").stream()
                .map(JsonObject.class::cast).filter(e -> e.getString("action").equals(action)).count();
    }

    /**
     * A message from the host that both sockets receive: whatever the calls before it queued for them (their
     * answers came after it was queued) arrives before it.
     */
    private void fence() {
        String text = "fence " + System.nanoTime();
        hostSocket.chat(room.roomNumber(), text);
        hostSocket.awaitItem(i -> i.getString("content").equals(text));
        viewerSocket.awaitItem(i -> i.getString("content").equals(text));
    }

    private static long events(SocketClient socket, int code) {
        return socket.frames().stream().filter(f -> f.getInt("code") == code).count();
    }
}
