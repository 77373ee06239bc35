package com.liveroom.questions.boundary;


import static com.liveroom.platform.boundary.QueryParameters.MAX_PER_PAGE;
import static com.liveroom.platform.boundary.QueryParameters.number;

import com.liveroom.identity.boundary.Authenticated;
import com.liveroom.identity.boundary.CurrentCaller;
import com.liveroom.identity.entity.Caller;
import com.liveroom.moderation.control.Moderation;
import com.liveroom.platform.boundary.ApiApplication;
import com.liveroom.platform.boundary.Reply;
import com.liveroom.platform.control.Refusal;
import com.liveroom.questions.control.AnonymousAsker;
import com.liveroom.questions.control.Answer;
import com.liveroom.questions.control.Approval;
import com.liveroom.questions.control.Ask;
import com.liveroom.questions.control.Boards;
import com.liveroom.questions.control.QuestionEvents;
import com.liveroom.questions.control.QuestionEvents.Highlight;
import com.liveroom.questions.control.QuestionEvents.QuestionSettings;
import com.liveroom.questions.control.QuestionOrder;
import com.liveroom.questions.control.QuestionView;
import com.liveroom.questions.control.QuestionViews;
import com.liveroom.questions.control.Questions;
import com.liveroom.questions.control.VoteTicker;
import com.liveroom.questions.control.Votes;
import com.liveroom.questions.entity.Question;
import com.liveroom.questions.entity.QuestionBoard;
import com.liveroom.questions.entity.QuestionStatus;
import com.liveroom.chat.control.ContentRules;
import com.liveroom.chat.control.Posting;
import com.liveroom.moderation.control.Roles;
import com.liveroom.rooms.control.Streams;
import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.rooms.entity.Stream;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * The question board of a room. Viewers ask, vote and read; the host and moderators review, answer, dismiss,
 * highlight and change the room's question settings. Steps that show something in the chat (a question, an
 * answer) reach the room through the chat writer like any message; the board's own events follow them.
 * Every refusal comes before anything is stored.
 */
@Path("question")
@Authenticated
@Tag(name = "questions", description = "viewers ask, the host answers; both become items of the room")
@SecurityRequirement(name = ApiApplication.TOKEN)
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
    Votes votes;

    @Inject
    Boards boards;

    @Inject
    ContentRules rules;

    @Inject
    Posting posting;

    @Inject
    Roles roles;

    @Inject
    Moderation moderation;

    @Inject
    QuestionViews views;

    @Inject
    QuestionEvents events;

    @Inject
    VoteTicker ticker;

    @Inject
    AnonymousAsker anonymous;

    /** Asks: straight into the room, or held for review when the room says so. */
    @POST
    @Path("add")
    @Operation(summary = "Ask a question in a stream",
            description = "streamId as text or number. The question reaches the room as a question item.")
    @APIResponse(responseCode = "200", description = "{code:200, data:{id, streamId, content, status:\"open\"}}")
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    @APIResponse(responseCode = "413", ref = ApiApplication.TOO_LONG)
    @APIResponse(responseCode = "503", ref = ApiApplication.UNAVAILABLE)
    public Reply<QuestionView> add(@Valid @NotNull NewQuestion body) {
        long streamId = streamId(body.streamId());
        String content = rules.accept(body.content(), "the question");
        Caller asker = caller.get();
        Stream stream = streams.existing(streamId);
        content = moderation.admit(streamId, asker, content, Moderation.Speech.QUESTION);
        QuestionBoard board = boards.of(streamId);
        boolean anonymously = Boolean.TRUE.equals(body.anonymous());
        if (anonymously && !board.allowsAnonymous()) {
            throw Refusal.forbidden("this room does not take anonymous questions");
        }
        Question question;
        if (board.holdsForReview()) {
            question = questions.hold(streamId, asker, content, anonymously);
        } else {
            ChatItem item = posting.store(new Ask(streamId, asker, content, anonymously, anonymous.standIn()));
            question = questions.existing(item.questionId());
            events.changed(views.forRoom(question));
        }
        return Reply.ok(views.forReader(question, asker.id(), roles.mayModerate(stream, asker.id()), null));
    }

    /** Answers an open question, or corrects the answer of an answered one. */
    @POST
    @Path("{id}/answer")
    @Operation(summary = "Answer a question (the stream's host only)",
            description = "The answer reaches the room as an answer item; answering again corrects the answer and "
                    + "pushes a new answer item.")
    @APIResponse(responseCode = "200",
            description = "{code:200, data:{id, streamId, content, status:\"answered\", answer}}")
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN, description = "the caller is not the stream's host")
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    @APIResponse(responseCode = "413", ref = ApiApplication.TOO_LONG)
    @APIResponse(responseCode = "503", ref = ApiApplication.UNAVAILABLE)
    public Reply<QuestionView> answer(@PathParam("id") long id, @Valid @NotNull AnswerText body) {
        Caller host = caller.get();
        Question question = questions.existing(id);
        Stream stream = roles.requireModerator(question.streamId(), host, "answer questions");
        String answer = rules.accept(body.answer(), "the answer");
        if (!question.status().mayBeAnswered()) {
            throw Questions.conflict(question, "answered");
        }
        posting.store(new Answer(stream.id(), id, host.id(), answer, anonymous.standIn()));
        return Reply.ok(changed(id, host));
    }

    /** Lets a held question into the room. */
    @POST
    @Path("{id}/approve")
    @Operation(summary = "Approve a held question (host or moderator): pending to open")
    @APIResponse(responseCode = "200", description = "{code:200, data:QuestionView}; the question item is pushed now")
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT)
    @APIResponse(responseCode = "503", ref = ApiApplication.UNAVAILABLE)
    public Reply<QuestionView> approve(@PathParam("id") long id) {
        Caller moderator = caller.get();
        Question question = questions.existing(id);
        Stream stream = roles.requireModerator(question.streamId(), moderator, "approve questions");
        if (!question.status().mayBeApproved()) {
            throw Questions.conflict(question, "approved");
        }
        posting.store(new Approval(stream.id(), id, anonymous.standIn()));
        return Reply.ok(changed(id, moderator));
    }

    /** Dismisses a held or open question. The room hears of it only if it had seen the question. */
    @POST
    @Path("{id}/dismiss")
    @Operation(summary = "Dismiss a pending or open question (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:QuestionView}")
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT)
    public Reply<QuestionView> dismiss(@PathParam("id") long id) {
        Caller moderator = caller.get();
        Question question = questions.existing(id);
        roles.requireModerator(question.streamId(), moderator, "dismiss questions");
        Questions.Dismissal dismissal = questions.dismiss(question.streamId(), id);
        if (dismissal.wasPublic()) {
            events.changed(views.forRoom(dismissal.question()));
        }
        if (dismissal.unhighlighted()) {
            events.highlight(question.streamId(), null);
        }
        return Reply.ok(views.forReader(dismissal.question(), moderator.id(), true, null));
    }

    @PUT
    @Path("{id}/vote")
    @Operation(summary = "Vote for an open question; a second vote counts once")
    @APIResponse(responseCode = "200", description = "{code:200, data:{streamId, questionId, votes, voted, changed}}")
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT)
    public Reply<Votes.Tally> vote(@PathParam("id") long id) {
        return Reply.ok(cast(id, true));
    }

    @DELETE
    @Path("{id}/vote")
    @Operation(summary = "Take back a vote")
    @APIResponse(responseCode = "200", description = "{code:200, data:{streamId, questionId, votes, voted, changed}}")
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT)
    public Reply<Votes.Tally> takeBackVote(@PathParam("id") long id) {
        return Reply.ok(cast(id, false));
    }

    /**
     * A room's questions in the given states ({@code state}: a comma list, empty for every state the caller
     * may see), sorted by {@code sort} ({@code votes}, {@code newest}, {@code oldest}), a page at a time.
     */
    @GET
    @Operation(summary = "A stream's questions by state, sorted by votes or time, paged")
    @APIResponse(responseCode = "200", description = "{code:200, data:{items:[QuestionView], page, resultsPerPage, total}}")
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    public Reply<QuestionPage> list(@QueryParam("stream") String stream,
                                    @QueryParam("state") String state,
                                    @QueryParam("sort") String sort,
                                    @QueryParam("page") String page,
                                    @QueryParam("resultsPerPage") String resultsPerPage) {
        Caller reader = caller.get();
        long streamId = number("stream", stream, null, 1, Long.MAX_VALUE);
        Set<QuestionStatus> asked = states(state);
        QuestionOrder order = order(sort);
        int pageNumber = (int) number("page", page, 1L, 1, 1_000_000);
        int perPage = (int) number("resultsPerPage", resultsPerPage, 20L, 1, MAX_PER_PAGE);
        boolean moderator = roles.mayModerate(streams.existing(streamId), reader.id());
        if (!moderator && !asked.stream().allMatch(QuestionStatus::isPublic)) {
            throw Refusal.forbidden("only the stream's host or a moderator may list pending or dismissed questions");
        }
        Set<QuestionStatus> shown = !asked.isEmpty() ? asked
                : moderator ? EnumSet.allOf(QuestionStatus.class) : QuestionStatus.publicStates();
        Questions.Listing listing = questions.list(streamId, shown, order, pageNumber, perPage);
        Set<Long> voted = votes.votedAmong(reader.id(), listing.questions().stream().map(Question::id).toList());
        List<QuestionView> items = listing.questions().stream()
                .map(q -> views.forReader(q, reader.id(), moderator, voted.contains(q.id())))
                .toList();
        return Reply.ok(new QuestionPage(items, pageNumber, perPage, listing.total()));
    }

    @GET
    @Path("highlight")
    @Operation(summary = "The highlighted question of a stream")
    @APIResponse(responseCode = "200", description = "{code:200, data:{stream, question?}}")
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    public Reply<Highlight> highlighted(@QueryParam("stream") String stream) {
        Caller reader = caller.get();
        long streamId = number("stream", stream, null, 1, Long.MAX_VALUE);
        boolean moderator = roles.mayModerate(streams.existing(streamId), reader.id());
        QuestionView shown = boards.highlighted(streamId)
                .map(q -> views.forReader(q, reader.id(), moderator, votes.voted(reader.id(), q.id())))
                .orElse(null);
        return Reply.ok(new Highlight(streamId, shown));
    }

    /** Shows one question to everyone, in place of the one highlighted before. */
    @POST
    @Path("{id}/highlight")
    @Operation(summary = "Highlight a question for everyone (host or moderator), replacing the one before")
    @APIResponse(responseCode = "200", description = "{code:200, data:{stream, question}}")
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT)
    public Reply<Highlight> highlight(@PathParam("id") long id) {
        Caller moderator = caller.get();
        Question question = questions.existing(id);
        roles.requireModerator(question.streamId(), moderator, "highlight questions");
        Boards.Highlighting highlighting = boards.highlight(question.streamId(), id);
        if (highlighting.changed()) {
            events.highlight(question.streamId(), views.forRoom(highlighting.question()));
        }
        return Reply.ok(new Highlight(question.streamId(),
                views.forReader(highlighting.question(), moderator.id(), true, null)));
    }

    @DELETE
    @Path("highlight")
    @Operation(summary = "Clear the highlight (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:{stream}}")
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    public Reply<Highlight> clearHighlight(@QueryParam("stream") String stream) {
        long streamId = number("stream", stream, null, 1, Long.MAX_VALUE);
        roles.requireModerator(streamId, caller.get(), "clear the highlight");
        if (boards.clearHighlight(streamId)) {
            events.highlight(streamId, null);
        }
        return Reply.ok(new Highlight(streamId, null));
    }

    /** Anyone in the room may read the settings: a page shows the anonymous switch only where it works. */
    @GET
    @Path("settings")
    @Operation(summary = "A stream's question settings")
    @APIResponse(responseCode = "200", description = "{code:200, data:{stream, holdForReview, allowAnonymous}}")
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    public Reply<QuestionSettings> settings(@QueryParam("stream") String stream) {
        long streamId = number("stream", stream, null, 1, Long.MAX_VALUE);
        streams.existing(streamId);
        return Reply.ok(QuestionSettings.of(boards.of(streamId)));
    }

    /** Changes the settings given in the body; those left out stay as they are. */
    @PUT
    @Path("settings")
    @Operation(summary = "Change a stream's question settings (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:{stream, holdForReview, allowAnonymous}}")
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    public Reply<QuestionSettings> changeSettings(@QueryParam("stream") String stream,
                                                  @Valid @NotNull SettingsChange body) {
        long streamId = number("stream", stream, null, 1, Long.MAX_VALUE);
        roles.requireModerator(streamId, caller.get(), "change the room's question settings");
        if (body.holdForReview() == null && body.allowAnonymous() == null) {
            throw Refusal.badRequest("give holdForReview or allowAnonymous (true or false)");
        }
        var settings = QuestionSettings.of(boards.change(streamId, body.holdForReview(), body.allowAnonymous()));
        events.settings(settings);
        return Reply.ok(settings);
    }

    /** After a step that went through the chat writer: tells the room, and answers with the question as it is now. */
    private QuestionView changed(long id, Caller moderator) {
        Question question = questions.existing(id);
        events.changed(views.forRoom(question));
        return views.forReader(question, moderator.id(), true, null);
    }

    private Votes.Tally cast(long id, boolean given) {
        Caller voter = caller.get();
        Question question = questions.existing(id);
        if (!question.status().isPublic() && !roles.mayModerate(streams.existing(question.streamId()), voter.id())) {
            // a viewer may not learn that a held or dismissed question exists
            throw Refusal.notFound("no question " + id);
        }
        Votes.Tally tally = votes.cast(id, voter.id(), given);
        if (tally.changed()) {
            ticker.changed(tally.streamId(), id);
        }
        return tally;
    }

    /** The page sends the stream id as it got it from its own query string, so as text; numbers are taken too. */
    private static long streamId(String value) {
        if (value == null || !value.strip().matches("\\d{1,18}")) {
            throw Refusal.badRequest("streamId must be a stream's id");
        }
        return Long.parseLong(value.strip());
    }

    private static Set<QuestionStatus> states(String value) {
        Set<QuestionStatus> states = EnumSet.noneOf(QuestionStatus.class);
        if (value == null || value.isBlank()) {
            return states;
        }
        Arrays.stream(value.split(",")).map(String::strip).forEach(word -> states.add(QuestionStatus.fromWire(word)
                .orElseThrow(() -> Refusal.badRequest("state must be pending, open, answered or dismissed (or a comma list of them)"))));
        return states;
    }

    private static QuestionOrder order(String value) {
        if (value == null || value.isBlank()) {
            return QuestionOrder.VOTES;
        }
        return QuestionOrder.fromWire(value.strip())
                .orElseThrow(() -> Refusal.badRequest("sort must be votes, newest or oldest"));
    }


    /** {@code anonymous}: ask without the room seeing who asks; only where the room allows it. */
    public record NewQuestion(String content, @JsonbTypeDeserializer(LenientText.class) String streamId,
                              @JsonbTypeDeserializer(StrictBoolean.class) Boolean anonymous) {
    }

    public record AnswerText(String answer) {
    }

    public record SettingsChange(@JsonbTypeDeserializer(StrictBoolean.class) Boolean holdForReview,
                                 @JsonbTypeDeserializer(StrictBoolean.class) Boolean allowAnonymous) {
    }

    /** A page of questions in the shape of the history's pages; {@code items} in the order asked for. */
    public record QuestionPage(List<QuestionView> items, int page, int resultsPerPage, long total) {
    }
}
