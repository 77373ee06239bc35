package com.liveroom.questions;

import static com.liveroom.questions.Board.awaitQuestionEvent;
import static com.liveroom.questions.Board.events;
import static com.liveroom.questions.Board.fence;
import static com.liveroom.questions.Board.id;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host side of Q&amp;A, through the public surface only: review, answer and correction, dismissal, votes and
 * their throttled pushes, listings, the highlight, anonymous asking, and who may do what. A watcher's socket in
 * the room shows what members receive.
 */
class QuestionBoardIT extends ShippedWarTest {

    /** The server's default {@code liveroom.questions.vote-push-millis}. */
    private static final long VOTE_PUSH_MILLIS = 1000;

    private Api api;
    private Board board;
    private Guest host;
    private Guest viewer;
    private Room room;
    private SocketClient watcher;

    @BeforeEach
    void room() {
        api = new Api(base);
        board = new Board(api);
        host = api.guest("host");
        viewer = api.guest("viewer");
        room = api.stream(host, "board");
        watcher = SocketClient.withHeader(api.socket(), api.guest("watcher").token());
        watcher.joined(room.roomNumber());
    }

    @AfterEach
    void leave() {
        watcher.close();
    }

    @Test
    void viewerMayNotReviewAnswerCorrectHighlightOrChangeSettings() {
        long answered = board.asked(viewer, room, "answered?");
        board.answer(host, answered, "Yes.").expect(200);
        long open = board.asked(viewer, room, "open?");
        board.holdForReview(host, room, true).expect(200);
        long pending = board.asked(viewer, room, "pending?");
        long itemsBefore = api.total(host, room);

        board.approve(viewer, pending).expectError(403);
        board.dismiss(viewer, pending).expectError(403);
        board.dismiss(viewer, open).expectError(403);
        board.answer(viewer, open, "I know!").expectError(403);
        board.answer(viewer, answered, "Corrected by a viewer").expectError(403);
        board.highlight(viewer, open).expectError(403);
        board.clearHighlight(viewer, room).expectError(403);
        board.changeSettings(viewer, room, "{\"holdForReview\":false}").expectError(403);
        board.changeSettings(viewer, room, "{\"allowAnonymous\":true}").expectError(403);

        assertEquals(itemsBefore, api.total(host, room), "refused steps post nothing");
        var states = board.items(host, room, "&sort=oldest").stream().map(q -> q.getString("status")).toList();
        assertEquals(List.of("answered", "open", "pending"), states, "refused steps change nothing");
        var answer = board.items(host, room, "&state=answered").get(0).getString("answer");
        assertEquals("Yes.", answer);
        var settings = board.settings(viewer, room).expect(200).data();
        assertTrue(settings.getBoolean("holdForReview"));
        assertFalse(settings.getBoolean("allowAnonymous"));
        assertFalse(board.highlighted(viewer, room).expect(200).data().containsKey("question"));
    }

    @Test
    void heldQuestionReachesTheRoomOnlyOnceApproved() {
        board.holdForReview(host, room, true).expect(200);
        var settingsEvent = watcher.await(f -> f.getInt("code") == 223).getJsonObject("data");
        assertTrue(settingsEvent.getBoolean("holdForReview"));

        JsonObject held = board.ask(viewer, room, "Held for review?").expect(200).data();
        assertEquals("pending", held.getString("status"));
        long id = id(held);
        fence(watcher, room.roomNumber());
        assertTrue(watcher.items().stream().noneMatch(i -> i.getString("type").equals("question")),
                "a held question is not pushed");
        assertTrue(events(watcher, 220).isEmpty(), "nor announced");
        assertEquals(1, api.total(host, room), "only the fence is in the history");
        assertTrue(board.items(viewer, room, "").isEmpty(), "viewers do not list held questions");
        assertEquals(List.of(id), board.items(host, room, "&state=pending").stream().map(Board::id).toList());

        JsonObject approved = board.approve(host, id).expect(200).data();
        assertEquals("open", approved.getString("status"));
        JsonObject item = watcher.awaitItem(i -> i.getString("type").equals("question"));
        assertEquals(id, Jsons.parse(item.getString("content")).getJsonNumber("id").longValue());
        assertEquals("Held for review?", Jsons.parse(item.getString("content")).getString("content"));
        assertEquals(viewer.displayName(), item.getString("displayName"));
        awaitQuestionEvent(watcher, id, "open");
        assertItemBeforeEvent(i -> i.getString("type").equals("question"), id, "open");
        assertEquals(List.of(id), board.items(viewer, room, "").stream().map(Board::id).toList());

        board.approve(host, id).expectError(409);
    }

    @Test
    void heldQuestionsArePushedToTheHostAndModeratorsAlone() {
        Guest moderator = api.guest("moderator");
        api.put("api/streams/" + room.id() + "/moderators/" + moderator.id(), host.token(), "").expect(200);
        SocketClient hostSocket = SocketClient.withHeader(api.socket(), host.token());
        SocketClient moderatorSocket = SocketClient.withHeader(api.socket(), moderator.token());
        try {
            hostSocket.joined(room.roomNumber());
            moderatorSocket.joined(room.roomNumber());
            board.holdForReview(host, room, true).expect(200);
            api.put("api/question/settings?stream=" + room.id(), host.token(), "{\"allowAnonymous\":true}").expect(200);

            JsonObject asked = board.askAnonymously(viewer, room, "Held, then pushed?").expect(200).data();
            long id = id(asked);
            for (SocketClient reviewer : List.of(hostSocket, moderatorSocket)) {
                JsonObject held = reviewer.await(f -> f.getInt("code") == 224
                        && id(f.getJsonObject("data")) == id).getJsonObject("data");
                assertEquals("pending", held.getString("status"));
                assertEquals("Held, then pushed?", held.getString("content"));
                assertEquals(viewer.id(), held.getJsonObject("asker").getJsonNumber("id").longValue(),
                        "a reviewer sees who asked, anonymous or not");
            }
            board.dismiss(host, id).expect(200);
            moderatorSocket.await(f -> f.getInt("code") == 224 && id(f.getJsonObject("data")) == id
                    && f.getJsonObject("data").getString("status").equals("dismissed"));

            fence(watcher, room.roomNumber());
            assertTrue(events(watcher, 224).isEmpty(), "a viewer hears nothing of a held question");
            assertTrue(watcher.frames().stream().noneMatch(f -> f.getInt("code") == 200
                    && !f.getString("data").contains("fence")), "and nothing new with code 200");
        } finally {
            hostSocket.close();
            moderatorSocket.close();
        }
    }

    @Test
    void dismissedHeldQuestionIsNeverPushed() {
        board.holdForReview(host, room, true).expect(200);
        long id = board.asked(viewer, room, "Never shown?");
        JsonObject dismissed = board.dismiss(host, id).expect(200).data();
        assertEquals("dismissed", dismissed.getString("status"));
        board.approve(host, id).expectError(409);
        board.answer(host, id, "too late").expectError(409);
        board.highlight(host, id).expectError(409);
        fence(watcher, room.roomNumber());
        assertTrue(watcher.items().stream().noneMatch(i -> !i.getString("type").equals("message")),
                "neither the question nor anything about it reached the room");
        assertTrue(events(watcher, 220).isEmpty());
        assertEquals(List.of(id), board.items(host, room, "&state=dismissed").stream().map(Board::id).toList());
        board.list(viewer, room, "&state=dismissed").expectError(403);
    }

    @Test
    void answerThenCorrectionReachTheRoomAsAnswerItemsAndEvents() {
        long id = board.asked(viewer, room, "What ships?");
        watcher.awaitItem(i -> i.getString("type").equals("question"));
        JsonObject opened = awaitQuestionEvent(watcher, id, "open");
        assertEquals(0, opened.getInt("votes"));
        assertItemBeforeEvent(i -> i.getString("type").equals("question"), id, "open");

        board.answer(host, id, "Version 1.").expect(200);
        JsonObject first = Jsons.parse(watcher.awaitItem(i -> i.getString("type").equals("answer")).getString("content"));
        assertEquals("Version 1.", first.getString("answer"));
        assertFalse(first.containsKey("corrected"), "a first answer keeps the contract's shape");
        assertEquals("Version 1.", awaitQuestionEvent(watcher, id, "answered").getString("answer"));

        JsonObject corrected = board.answer(host, id, "Version 2, sorry.").expect(200).data();
        assertEquals("answered", corrected.getString("status"));
        assertEquals("Version 2, sorry.", corrected.getString("answer"));
        JsonObject second = Jsons.parse(watcher.awaitItem(i -> i.getString("type").equals("answer")
                && Jsons.parse(i.getString("content")).getString("answer").equals("Version 2, sorry.")).getString("content"));
        assertTrue(second.getBoolean("corrected"));
        assertEquals(id, second.getJsonNumber("questionId").longValue());
        watcher.await(f -> f.getInt("code") == 220 && "Version 2, sorry.".equals(f.getJsonObject("data").getString("answer", null)));
        assertEquals(List.of("question", "answer", "answer"), historyTypes());

        board.dismiss(host, id).expectError(409);
        board.approve(host, id).expectError(409);
        assertEquals("Version 2, sorry.", board.items(viewer, room, "&state=answered").get(0).getString("answer"));
    }

    @Test
    void dismissingAnOpenQuestionTellsTheRoomButKeepsItsHistory() {
        long id = board.asked(viewer, room, "Off topic?");
        awaitQuestionEvent(watcher, id, "open");
        board.dismiss(host, id).expect(200);
        JsonObject event = awaitQuestionEvent(watcher, id, "dismissed");
        assertEquals("Off topic?", event.getString("content"));
        assertTrue(board.items(viewer, room, "").isEmpty());
        assertEquals(List.of("question"), historyTypes(), "the chat keeps what it showed");
        board.answer(host, id, "no").expectError(409);
        board.vote(viewer, id).expectError(404);
    }

    @Test
    void eachUserVotesOnceAndCanTakeItBack() {
        long id = board.asked(viewer, room, "Vote for me?");
        Guest other = api.guest("other");

        JsonObject first = board.vote(viewer, id).expect(200).data();
        assertEquals(1, first.getInt("votes"));
        assertTrue(first.getBoolean("voted"));
        assertTrue(first.getBoolean("changed"));
        JsonObject again = board.vote(viewer, id).expect(200).data();
        assertEquals(1, again.getInt("votes"), "a second vote by the same user does not count");
        assertFalse(again.getBoolean("changed"));
        assertEquals(2, board.vote(other, id).expect(200).data().getInt("votes"));

        JsonObject listed = board.items(viewer, room, "").get(0);
        assertEquals(2, listed.getInt("votes"));
        assertTrue(listed.getBoolean("voted"));

        JsonObject takenBack = board.takeBackVote(viewer, id).expect(200).data();
        assertEquals(1, takenBack.getInt("votes"));
        assertFalse(takenBack.getBoolean("voted"));
        assertEquals(1, board.takeBackVote(viewer, id).expect(200).data().getInt("votes"), "taking back twice changes nothing");
        assertFalse(board.items(viewer, room, "").get(0).getBoolean("voted"));
        assertEquals(2, board.vote(viewer, id).expect(200).data().getInt("votes"), "a vote taken back can be given again");
        watcher.await(f -> f.getInt("code") == 221 && f.getJsonObject("data").getInt("votes") == 2
                && f.getJsonObject("data").getJsonNumber("questionId").longValue() == id);

        board.vote(viewer, 987654321).expectError(404);
        board.answer(host, id, "Done.").expect(200);
        board.vote(other, id).expectError(409);
        board.takeBackVote(other, id).expectError(409);
        board.holdForReview(host, room, true).expect(200);
        long held = board.asked(viewer, room, "Held?");
        board.vote(other, held).expectError(404);
        assertEquals(2, board.items(host, room, "&state=answered").get(0).getInt("votes"), "refused votes count nothing");
    }

    @Test
    void votePushesAreThrottledAndTheLastCountGetsOut() throws Exception {
        long id = board.asked(viewer, room, "Popular?");
        int voters = 30;
        List<Guest> guests = new ArrayList<>();
        for (int i = 0; i < voters; i++) {
            guests.add(api.guest("voter" + i));
        }
        Predicate<JsonObject> votesOfThis = f -> f.getInt("code") == 221
                && f.getJsonObject("data").getJsonNumber("questionId").longValue() == id;

        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Api.Response>> cast = new ArrayList<>();
            for (Guest guest : guests) {
                cast.add(pool.submit(() -> board.vote(guest, id)));
            }
            for (Future<Api.Response> vote : cast) {
                vote.get().expect(200);
            }
        } finally {
            pool.shutdown();
        }
        long votingMillis = (System.nanoTime() - started) / 1_000_000;
        watcher.await(votesOfThis.and(f -> f.getJsonObject("data").getInt("votes") == voters));
        List<Integer> pushed = watcher.frames().stream().filter(votesOfThis)
                .map(f -> f.getJsonObject("data").getInt("votes")).toList();
        assertEquals(voters, pushed.get(pushed.size() - 1), "the last push carries the final count: " + pushed);
        assertTrue(pushed.size() <= votingMillis / VOTE_PUSH_MILLIS + 2,
                pushed.size() + " pushes for " + voters + " votes in " + votingMillis + " ms: " + pushed);
        assertTrue(pushed.size() < voters, "fewer pushes than votes: " + pushed);

        board.takeBackVote(guests.get(0), id).expect(200);
        watcher.await(votesOfThis.and(f -> f.getJsonObject("data").getInt("votes") == voters - 1));
        assertEquals(voters - 1, board.items(viewer, room, "").get(0).getInt("votes"));
    }

    @Test
    void listingFiltersSortsAndPages() {
        long few = board.asked(viewer, room, "few votes");
        long many = board.asked(viewer, room, "many votes");
        long none = board.asked(viewer, room, "no votes");
        long answered = board.asked(viewer, room, "answered");
        long dismissed = board.asked(viewer, room, "dismissed");
        Guest a = api.guest("a");
        Guest b = api.guest("b");
        board.vote(a, many).expect(200);
        board.vote(b, many).expect(200);
        board.vote(a, few).expect(200);
        board.answer(host, answered, "yes").expect(200);
        board.dismiss(host, dismissed).expect(200);
        board.holdForReview(host, room, true).expect(200);
        long pending = board.asked(a, room, "pending"); // the viewer has asked five: its burst

        assertEquals(List.of(many, few, none, answered), ids(board.items(viewer, room, "")),
                "viewers see open and answered questions, most votes first, older first among equals");
        assertEquals(List.of(answered, none, many, few), ids(board.items(viewer, room, "&sort=newest")));
        assertEquals(List.of(few, many, none, answered), ids(board.items(viewer, room, "&sort=oldest")));
        assertEquals(List.of(many, few, none), ids(board.items(viewer, room, "&state=open")));
        assertEquals(List.of(answered), ids(board.items(viewer, room, "&state=answered")));
        assertEquals(List.of(pending, dismissed, answered, none, many, few), ids(board.items(host, room, "&sort=newest")),
                "the host sees every state");
        assertEquals(List.of(pending, none, many), ids(board.items(host, room, "&state=pending,open&sort=newest&resultsPerPage=3")));

        JsonObject page2 = board.list(viewer, room, "&sort=oldest&page=2&resultsPerPage=3").expect(200).data();
        assertEquals(List.of(answered), ids(page2.getJsonArray("items").getValuesAs(JsonObject.class)));
        assertEquals(2, page2.getInt("page"));
        assertEquals(3, page2.getInt("resultsPerPage"));
        assertEquals(4, page2.getJsonNumber("total").longValue());
        assertTrue(board.items(viewer, room, "&page=3&resultsPerPage=3").isEmpty());
        assertEquals(6, board.list(host, room, "").expect(200).data().getJsonNumber("total").longValue());

        board.list(viewer, room, "&state=pending").expectError(403);
        board.list(viewer, room, "&state=open,dismissed").expectError(403);
        board.list(viewer, room, "&state=closed").expectError(400);
        board.list(viewer, room, "&sort=loudest").expectError(400);
        board.list(viewer, room, "&page=0").expectError(400);
        board.list(viewer, room, "&resultsPerPage=1001").expectError(400);
        board.list(viewer, room, "&page=x").expectError(400);
        api.get("api/question?stream=abc", viewer.token()).expectError(400);
        api.get("api/question", viewer.token()).expectError(400);
        api.get("api/question?stream=987654321", viewer.token()).expectError(404);
        api.get("api/question?stream=" + room.id(), null).expectError(401);
    }

    @Test
    void oneQuestionIsHighlightedAtATime() {
        long first = board.asked(viewer, room, "first");
        long second = board.asked(viewer, room, "second");

        assertEquals(first, id(board.highlight(host, first).expect(200).data().getJsonObject("question")));
        assertEquals(first, id(awaitHighlight(first)));
        assertEquals(first, id(board.highlighted(viewer, room).expect(200).data().getJsonObject("question")));

        board.highlight(host, second).expect(200);
        assertEquals(second, id(awaitHighlight(second)));
        assertEquals(second, id(board.highlighted(viewer, room).expect(200).data().getJsonObject("question")),
                "highlighting another replaces it");

        board.dismiss(host, second).expect(200);
        awaitHighlightCleared(1);
        assertFalse(board.highlighted(viewer, room).expect(200).data().containsKey("question"),
                "a dismissed question loses the highlight");

        board.answer(host, first, "answered, still highlighted").expect(200);
        board.highlight(host, first).expect(200);
        board.clearHighlight(host, room).expect(200);
        awaitHighlightCleared(2);
        assertFalse(board.highlighted(viewer, room).expect(200).data().containsKey("question"));

        board.highlight(host, second).expectError(409);
        board.highlight(host, 987654321).expectError(404);
        Room other = api.stream(host, "other");
        board.highlighted(viewer, other).expect(200);
        api.get("api/question/highlight?stream=987654321", viewer.token()).expectError(404);
    }

    @Test
    void anonymousQuestionsHideTheAskerFromViewersButNotFromTheHost() {
        Guest asker = api.guest("Secret Asker");
        board.askAnonymously(asker, room, "Anonymous before it is allowed?").expectError(403);
        assertEquals(0, api.total(host, room), "a refused question stores nothing");

        board.allowAnonymous(host, room, true).expect(200);
        assertTrue(board.settings(asker, room).expect(200).data().getBoolean("allowAnonymous"));
        JsonObject asked = board.askAnonymously(asker, room, "Who am I?").expect(200).data();
        long id = id(asked);
        assertTrue(asked.getBoolean("anonymous"));
        assertTrue(asked.getBoolean("mine"));

        JsonObject item = watcher.awaitItem(i -> i.getString("type").equals("question"));
        assertEquals("Anonymous", item.getString("displayName"));
        assertEquals(0, item.getJsonNumber("user").longValue());
        assertEquals("", item.getString("avatarurl"));
        JsonObject event = awaitQuestionEvent(watcher, id, "open");
        assertFalse(event.getJsonObject("asker").containsKey("id"));
        assertEquals("Anonymous", event.getJsonObject("asker").getString("displayName"));

        board.answer(host, id, "You are anonymous.").expect(200);
        JsonObject answer = watcher.awaitItem(i -> i.getString("type").equals("answer"));
        assertEquals("Anonymous", answer.getString("displayName"), "the host replies to the stand-in");
        awaitQuestionEvent(watcher, id, "answered");

        JsonObject seenByViewer = board.items(viewer, room, "").get(0);
        assertEquals("Anonymous", seenByViewer.getJsonObject("asker").getString("displayName"));
        assertFalse(seenByViewer.getJsonObject("asker").containsKey("id"));
        assertFalse(seenByViewer.getBoolean("mine"));
        assertTrue(board.items(asker, room, "").get(0).getBoolean("mine"), "the asker can tell the question is theirs");

        String everythingAViewerGot = watcher.frames() + " " + board.list(viewer, room, "").body()
                + " " + api.get("api/message/chatmsg?stream=" + room.id(), viewer.token()).body();
        assertFalse(everythingAViewerGot.contains("Secret Asker"), everythingAViewerGot);
        assertFalse(everythingAViewerGot.contains(asker.avatarUrl()), everythingAViewerGot);
        assertFalse(Pattern.compile("\"user\":" + asker.id() + "[,}]").matcher(everythingAViewerGot).find(),
                "no item names the asker's id: " + everythingAViewerGot);

        JsonObject seenByHost = board.items(host, room, "").get(0).getJsonObject("asker");
        assertEquals(asker.id(), seenByHost.getJsonNumber("id").longValue());
        assertEquals("Secret Asker", seenByHost.getString("displayName"));
        assertEquals(asker.avatarUrl(), seenByHost.getString("avatarUrl"));

        board.ask(asker, room, "And now with my name").expect(200);
        JsonObject named = watcher.awaitItem(i -> i.getString("type").equals("question") && i.getString("content").contains("my name"));
        assertEquals("Secret Asker", named.getString("displayName"), "anonymity is chosen per question");
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        long id = board.asked(viewer, room, "valid");
        long itemsBefore = api.total(host, room);

        board.changeSettings(host, room, "{}").expectError(400);
        board.changeSettings(host, room, "{\"holdForReview\":\"yes\"}").expectError(400);
        board.changeSettings(host, room, "not json").expectError(400);
        api.get("api/question/settings?stream=987654321", host.token()).expectError(404);
        api.get("api/question/settings", host.token()).expectError(400);
        api.post("api/question/add", viewer.token(), "{\"content\":\"q\",\"streamId\":" + room.id() + ",\"anonymous\":\"maybe\"}")
                .expectError(400);
        board.answer(host, id, " ").expectError(400);
        board.answer(host, id, "a".repeat(501)).expectError(413);
        board.approve(host, 987654321).expectError(404);
        board.dismiss(host, 987654321).expectError(404);
        board.takeBackVote(viewer, 987654321).expectError(404);

        JsonObject settings = board.settings(host, room).expect(200).data();
        assertFalse(settings.getBoolean("holdForReview"));
        assertFalse(settings.getBoolean("allowAnonymous"));
        assertEquals(itemsBefore, api.total(host, room));
        JsonObject question = board.items(host, room, "").get(0);
        assertEquals("open", question.getString("status"));
        assertFalse(question.containsKey("answer"));
        fence(watcher, room.roomNumber());
        assertTrue(events(watcher, 223).isEmpty(), "refused settings are not announced");
    }

    private JsonObject awaitHighlight(long question) {
        return watcher.await(f -> f.getInt("code") == 222 && f.getJsonObject("data").containsKey("question")
                && id(f.getJsonObject("data").getJsonObject("question")) == question).getJsonObject("data").getJsonObject("question");
    }

    private void awaitHighlightCleared(long times) {
        watcher.awaitCount(f -> f.getInt("code") == 222 && !f.getJsonObject("data").containsKey("question"), times);
    }

    /** The chat item that matches came before the question event: members see the item, then the board's update. */
    private void assertItemBeforeEvent(Predicate<JsonObject> item, long question, String status) {
        List<JsonObject> frames = watcher.frames();
        int itemAt = -1;
        int eventAt = -1;
        for (int i = 0; i < frames.size(); i++) {
            JsonObject f = frames.get(i);
            if (itemAt < 0 && f.getInt("code") == 200 && item.test(Jsons.parse(f.getString("data")))) {
                itemAt = i;
            }
            if (eventAt < 0 && f.getInt("code") == 220 && id(f.getJsonObject("data")) == question
                    && status.equals(f.getJsonObject("data").getString("status"))) {
                eventAt = i;
            }
        }
        assertTrue(itemAt >= 0 && itemAt < eventAt, "item at " + itemAt + ", event at " + eventAt + ": " + frames);
    }

    private List<String> historyTypes() {
        return api.history(viewer, room, "&page=1&resultsPerPage=100&type=").getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().map(i -> i.getString("type")).toList();
    }

    private static List<Long> ids(List<JsonObject> questions) {
        return questions.stream().map(Board::id).toList();
    }
}
