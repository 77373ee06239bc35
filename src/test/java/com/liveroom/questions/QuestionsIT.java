package com.liveroom.questions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Jsons;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuestionsIT extends ShippedWarTest {

    private Api api;
    private Guest host;
    private Room room;

    @BeforeEach
    void room() {
        api = new Api(base);
        host = api.guest("host");
        room = api.stream(host, "qa");
    }

    private Api.Response ask(Guest asker, Object streamId, String content) {
        return api.post("api/question/add", asker.token(),
                "{\"content\":" + Jsons.object().add("c", content).build().get("c") + ",\"streamId\":" + streamId + "}");
    }

    @Test
    void askedQuestionIsStoredAndPushedAndTheHostsAnswerToo() {
        Guest viewer = api.guest("viewer");
        try (var watcher = SocketClient.withHeader(api.socket(), api.guest("watcher").token())) {
            watcher.joined(room.roomNumber());

            var asked = ask(viewer, "\"" + room.id() + "\"", "What is the plan?").expect(200).data();
            long questionId = asked.getJsonNumber("id").longValue();
            JsonObject questionItem = watcher.awaitItem(i -> i.getString("type").equals("question"));
            assertEquals(viewer.displayName(), questionItem.getString("displayName"));
            JsonObject shown = Jsons.parse(questionItem.getString("content"));
            assertEquals(questionId, shown.getJsonNumber("id").longValue());
            assertEquals("What is the plan?", shown.getString("content"));

            api.post("api/question/" + questionId + "/answer", "Bearer " + host.token(),
                    Jsons.object().add("answer", "Ship it.").build()).expect(200);
            JsonObject answerItem = watcher.awaitItem(i -> i.getString("type").equals("answer"));
            assertEquals(viewer.displayName(), answerItem.getString("displayName"), "the host replies to the asker");
            JsonObject answer = Jsons.parse(answerItem.getString("content"));
            assertEquals(questionId, answer.getJsonNumber("questionId").longValue());
            assertEquals("What is the plan?", answer.getString("question"));
            assertEquals("Ship it.", answer.getString("answer"));
            assertEquals(room.orgName(), answer.getString("orgName"));
            assertEquals(room.orgLogo(), answer.getString("orgLogo"));

            var history = api.history(viewer, room, "&page=1&resultsPerPage=10&type=").getJsonArray("items");
            assertEquals(2, history.size());
            assertEquals(questionItem, history.getJsonObject(0));
            assertEquals(answerItem, history.getJsonObject(1));
        }
    }

    @Test
    void aNumericStreamIdIsAcceptedToo() {
        ask(api.guest("viewer"), room.id(), "numeric?").expect(200);
    }

    @Test
    void onlyTheHostAnswers() {
        Guest viewer = api.guest("viewer");
        long id = ask(viewer, room.id(), "Who answers?").expect(200).data().getJsonNumber("id").longValue();
        long before = api.total(host, room);
        api.post("api/question/" + id + "/answer", viewer.token(), Jsons.object().add("answer", "me!").build()).expectError(403);
        assertEquals(before, api.total(host, room), "a refused answer stores nothing");
    }

    @Test
    void unknownQuestionIsNotFound() {
        api.post("api/question/987654321/answer", host.token(), Jsons.object().add("answer", "?").build()).expectError(404);
    }

    @Test
    void questionForUnknownStreamIsNotFound() {
        ask(api.guest("viewer"), 987654321, "anyone?").expectError(404);
    }

    @Test
    void badQuestionsAreRefusedAndStoreNothing() {
        Guest viewer = api.guest("viewer");
        long before = api.total(host, room);
        ask(viewer, room.id(), "  ").expectError(400);
        ask(viewer, room.id(), "q".repeat(501)).expectError(413);
        ask(viewer, "\"abc\"", "which stream?").expectError(400);
        ask(viewer, "null", "which stream?").expectError(400);
        api.post("api/question/add", viewer.token(), "not json").expectError(400);
        long id = ask(viewer, room.id(), "fine").expect(200).data().getJsonNumber("id").longValue();
        api.post("api/question/" + id + "/answer", host.token(), Jsons.object().add("answer", "").build()).expectError(400);
        assertEquals(before + 1, api.total(host, room));
    }

    @Test
    void questionsNeedAToken() {
        api.post("api/question/add", null, Jsons.object().add("content", "hi").add("streamId", room.id()).build()).expectError(401);
        assertTrue(api.total(host, room) == 0);
    }
}
