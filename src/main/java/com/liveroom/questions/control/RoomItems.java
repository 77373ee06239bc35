package com.liveroom.questions.control;

import com.liveroom.questions.entity.Question;
import com.liveroom.rooms.entity.Stream;
import jakarta.json.Json;

/** The content of the {@code question} and {@code answer} chat items, as the mini-program page parses it. */
final class RoomItems {

    private RoomItems() {
    }

    /** {@code {id, content}}. */
    static String question(Question question) {
        return Json.createObjectBuilder()
                .add("id", question.id())
                .add("content", question.content())
                .build()
                .toString();
    }

    /**
     * {@code {questionId, question, answer, orgName, orgLogo}}, and {@code corrected:true} when the answer replaces
     * an earlier one (a page that does not know the flag shows it as one more reply).
     */
    static String answer(Question question, Stream stream, boolean corrected) {
        var shown = Json.createObjectBuilder()
                .add("questionId", question.id())
                .add("question", question.content())
                .add("answer", question.answer())
                .add("orgName", stream.orgName())
                .add("orgLogo", stream.orgLogo() == null ? "" : stream.orgLogo());
        if (corrected) {
            shown.add("corrected", true);
        }
        return shown.build().toString();
    }
}
