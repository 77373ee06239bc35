package com.liveroom.questions.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.questions.entity.Question;
import com.liveroom.chat.control.Post;
import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.rooms.entity.ItemType;
import com.liveroom.rooms.entity.Stream;
import jakarta.persistence.EntityManager;
import java.time.Instant;

/**
 * The host's answer to a question, or a correction of it: recorded on the question, and shown in the room as
 * an {@code answer} item in which the organisation replies to the asker (to the stand-in, when the question
 * was asked anonymously).
 */
public record Answer(long streamId, long questionId, long hostId, String answer, Caller standIn) implements Post {

    @Override
    public ChatItem writeIn(EntityManager em, Stream stream, Instant now) {
        Question question = Questions.lock(em, streamId, questionId);
        if (!question.status().mayBeAnswered()) {
            throw Questions.conflict(question, "answered");
        }
        boolean corrected = question.answer(answer, hostId, now);
        return stream.post(ItemType.ANSWER, question.shownAsker(standIn), RoomItems.answer(question, stream, corrected),
                questionId, null, now);
    }
}
