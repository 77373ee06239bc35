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
 * A held question let into the room: it opens, and its {@code question} item is posted now, so it takes its
 * place in the room's order at the moment it is approved.
 */
public record Approval(long streamId, long questionId, Caller standIn) implements Post {

    @Override
    public ChatItem writeIn(EntityManager em, Stream stream, Instant now) {
        Question question = Questions.lock(em, streamId, questionId);
        if (!question.status().mayBeApproved()) {
            throw Questions.conflict(question, "approved");
        }
        question.approve();
        return stream.post(ItemType.QUESTION, question.shownAsker(standIn), RoomItems.question(question), questionId,
                null, now);
    }
}
