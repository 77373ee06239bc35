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
 * A new question that goes straight to the room: stored together with the {@code question} item that shows it.
 * An anonymous question's item names the stand-in, never the asker.
 */
public record Ask(long streamId, Caller asker, String content, boolean anonymous, Caller standIn) implements Post {

    @Override
    public ChatItem writeIn(EntityManager em, Stream stream, Instant now) {
        var question = new Question(stream, asker, content, anonymous, false, now);
        em.persist(question);
        return stream.post(ItemType.QUESTION, question.shownAsker(standIn), RoomItems.question(question), question.id(),
                null, now);
    }
}
