package com.liveroom.questions.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.questions.entity.Question;
import com.liveroom.rooms.control.Post;
import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.rooms.entity.ItemType;
import com.liveroom.rooms.entity.Stream;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import java.time.Instant;

/** A new question: stored together with the {@code question} item that shows it in the room. */
public record Ask(long streamId, Caller asker, String content) implements Post {

    @Override
    public ChatItem writeIn(EntityManager em, Stream stream, Instant now) {
        var question = new Question(stream, asker, content, now);
        em.persist(question);
        String shown = Json.createObjectBuilder()
                .add("id", question.id())
                .add("content", content)
                .build()
                .toString();
        return stream.post(ItemType.QUESTION, asker, shown, question.id(), null, now);
    }
}
