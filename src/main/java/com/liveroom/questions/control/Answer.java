package com.liveroom.questions.control;

import com.liveroom.questions.entity.Question;
import com.liveroom.rooms.control.Post;
import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.rooms.entity.ItemType;
import com.liveroom.rooms.entity.Stream;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import java.time.Instant;

/**
 * The host's answer to a question: recorded on the question, and shown in the room as an {@code answer}
 * item in which the organisation replies to the asker.
 */
public record Answer(long streamId, long questionId, long hostId, String answer) implements Post {

    @Override
    public ChatItem writeIn(EntityManager em, Stream stream, Instant now) {
        Question question = em.find(Question.class, questionId);
        question.answer(answer, hostId, now);
        String shown = Json.createObjectBuilder()
                .add("questionId", questionId)
                .add("question", question.content())
                .add("answer", answer)
                .add("orgName", stream.orgName())
                .add("orgLogo", stream.orgLogo() == null ? "" : stream.orgLogo())
                .build()
                .toString();
        return stream.post(ItemType.ANSWER, question.asker(), shown, questionId, null, now);
    }
}
