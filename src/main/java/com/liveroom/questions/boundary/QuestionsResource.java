package com.liveroom.questions.boundary;

import com.liveroom.identity.boundary.Authenticated;
import com.liveroom.identity.boundary.CurrentCaller;
import com.liveroom.identity.entity.Caller;
import com.liveroom.moderation.control.Moderation;
import com.liveroom.platform.boundary.Reply;
import com.liveroom.platform.control.Refusal;
import com.liveroom.questions.control.Answer;
import com.liveroom.questions.control.Ask;
import com.liveroom.questions.control.Questions;
import com.liveroom.questions.entity.Question;
import com.liveroom.rooms.control.ContentRules;
import com.liveroom.rooms.control.Posting;
import com.liveroom.rooms.control.Roles;
import com.liveroom.rooms.control.Streams;
import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.rooms.entity.Stream;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Viewers ask; the stream's host answers. Both reach the room through the chat writer, like any message. */
@Path("question")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class QuestionsResource {

    @Inject
    CurrentCaller caller;

    @Inject
    Streams streams;

    @Inject
    Questions questions;

    @Inject
    ContentRules rules;

    @Inject
    Posting posting;

    @Inject
    Roles roles;

    @Inject
    Moderation moderation;

    @POST
    @Path("add")
    public Reply<QuestionView> add(@Valid @NotNull NewQuestion body) {
        long streamId = streamId(body.streamId());
        String content = rules.accept(body.content(), "the question");
        streams.existing(streamId);
        content = moderation.admit(streamId, caller.get(), content, Moderation.Speech.QUESTION);
        ChatItem item = posting.store(new Ask(streamId, caller.get(), content));
        return Reply.ok(new QuestionView(item.questionId(), streamId, content, "open", null));
    }

    @POST
    @Path("{id}/answer")
    public Reply<QuestionView> answer(@PathParam("id") long id, @Valid @NotNull AnswerText body) {
        Caller host = caller.get();
        Question question = questions.existing(id);
        Stream stream = roles.requireModerator(question.streamId(), host, "answer questions");
        String answer = rules.accept(body.answer(), "the answer");
        posting.store(new Answer(stream.id(), id, host.id(), answer));
        return Reply.ok(new QuestionView(id, stream.id(), question.content(), "answered", answer));
    }

    /** The page sends the stream id as it got it from its own query string, so as text; numbers are taken too. */
    private static long streamId(String value) {
        if (value == null || !value.strip().matches("\\d{1,18}")) {
            throw Refusal.badRequest("streamId must be a stream's id");
        }
        return Long.parseLong(value.strip());
    }

    public record NewQuestion(String content, @JsonbTypeDeserializer(LenientText.class) String streamId) {
    }

    public record AnswerText(String answer) {
    }

    public record QuestionView(long id, long streamId, String content, String status, String answer) {
    }
}
