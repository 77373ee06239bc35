package com.liveroom.questions.boundary;

import static com.liveroom.platform.boundary.QueryParameters.MAX_PER_PAGE;
import static com.liveroom.platform.boundary.QueryParameters.number;

import com.liveroom.identity.boundary.Authenticated;
import com.liveroom.identity.boundary.CurrentCaller;
import com.liveroom.platform.boundary.ApiApplication;
import com.liveroom.platform.boundary.LenientText;
import com.liveroom.platform.boundary.Reply;
import com.liveroom.platform.boundary.StrictBoolean;
import com.liveroom.platform.control.Refusal;
import com.liveroom.questions.control.Asking;
import com.liveroom.questions.control.Hosting;
import com.liveroom.questions.control.QuestionEvents.Highlight;
import com.liveroom.questions.control.QuestionEvents.QuestionSettings;
import com.liveroom.questions.control.QuestionOrder;
import com.liveroom.questions.control.QuestionView;
import com.liveroom.questions.control.Reading;
import com.liveroom.questions.control.Reading.QuestionPage;
import com.liveroom.questions.control.Votes;
import com.liveroom.questions.entity.QuestionStatus;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The question board of a room, over REST: viewers ask, vote and read ({@link Asking}, {@link Reading}); the host
 * and moderators review, answer, dismiss, highlight and change the room's question settings ({@link Hosting}).
 */
@Path("question")
@Authenticated
@Tag(name = "questions", description = "viewers ask, the host answers; both become items of the room")
@SecurityRequirement(name = ApiApplication.TOKEN)
@APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
@APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
@APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class QuestionsResource {

    @Inject
    CurrentCaller caller;

    @Inject
    Asking asking;

    @Inject
    Reading reading;

    @Inject
    Hosting hosting;

    /** Asks: straight into the room, or held for review when the room says so. */
    @POST
    @Path("add")
    @Operation(summary = "Ask a question in a stream",
            description = "streamId as text or number. The question reaches the room as a question item.")
    @APIResponse(responseCode = "200", description = "{code:200, data:{id, streamId, content, status:\"open\"}}")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN,
            description = "the asker is muted or banned, or asks anonymously where the room does not allow it")
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT)
    @APIResponse(responseCode = "413", ref = ApiApplication.TOO_LONG)
    @APIResponse(responseCode = "503", ref = ApiApplication.UNAVAILABLE)
    public Reply<QuestionView> add(@Valid @NotNull NewQuestion body) {
        return Reply.ok(asking.ask(body.stream(), caller.get(), body.content(), Boolean.TRUE.equals(body.anonymous())));
    }

    /** Answers an open question, or corrects the answer of an answered one. */
    @POST
    @Path("{id}/answer")
    @Operation(summary = "Answer a question (the stream's host only)",
            description = "The answer reaches the room as an answer item; answering again corrects the answer and "
                    + "pushes a new answer item.")
    @APIResponse(responseCode = "200",
            description = "{code:200, data:{id, streamId, content, status:\"answered\", answer}}")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN, description = "the caller is not the stream's host")
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT)
    @APIResponse(responseCode = "413", ref = ApiApplication.TOO_LONG)
    @APIResponse(responseCode = "503", ref = ApiApplication.UNAVAILABLE)
    public Reply<QuestionView> answer(@PathParam("id") long id, @Valid @NotNull AnswerText body) {
        return Reply.ok(hosting.answer(id, caller.get(), body.answer()));
    }

    @POST
    @Path("{id}/approve")
    @Operation(summary = "Approve a held question (host or moderator): pending to open")
    @APIResponse(responseCode = "200", description = "{code:200, data:QuestionView}; the question item is pushed now")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT)
    @APIResponse(responseCode = "503", ref = ApiApplication.UNAVAILABLE)
    public Reply<QuestionView> approve(@PathParam("id") long id) {
        return Reply.ok(hosting.approve(id, caller.get()));
    }

    @POST
    @Path("{id}/dismiss")
    @Operation(summary = "Dismiss a pending or open question (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:QuestionView}")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT)
    public Reply<QuestionView> dismiss(@PathParam("id") long id) {
        return Reply.ok(hosting.dismiss(id, caller.get()));
    }

    @PUT
    @Path("{id}/vote")
    @Operation(summary = "Vote for an open question; a second vote counts once")
    @APIResponse(responseCode = "200", description = "{code:200, data:{streamId, questionId, votes, voted, changed}}")
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT)
    public Reply<Votes.Tally> vote(@PathParam("id") long id) {
        return Reply.ok(asking.vote(id, caller.get(), true));
    }

    @DELETE
    @Path("{id}/vote")
    @Operation(summary = "Take back a vote")
    @APIResponse(responseCode = "200", description = "{code:200, data:{streamId, questionId, votes, voted, changed}}")
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT)
    public Reply<Votes.Tally> takeBackVote(@PathParam("id") long id) {
        return Reply.ok(asking.vote(id, caller.get(), false));
    }

    /**
     * A room's questions in the given states ({@code state}: a comma list, empty for every state the caller
     * may see), sorted by {@code sort} ({@code votes}, {@code newest}, {@code oldest}), a page at a time.
     */
    @GET
    @Operation(summary = "A stream's questions by state, sorted by votes or time, paged")
    @APIResponse(responseCode = "200", description = "{code:200, data:{items:[QuestionView], page, resultsPerPage, total}}")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    public Reply<QuestionPage> list(@QueryParam("stream") String stream,
                                    @QueryParam("state") String state,
                                    @QueryParam("sort") String sort,
                                    @QueryParam("page") String page,
                                    @QueryParam("resultsPerPage") String resultsPerPage) {
        long streamId = streamParameter(stream);
        Set<QuestionStatus> asked = states(state);
        QuestionOrder order = order(sort);
        int pageNumber = (int) number("page", page, 1L, 1, 1_000_000);
        int perPage = (int) number("resultsPerPage", resultsPerPage, 20L, 1, MAX_PER_PAGE);
        return Reply.ok(reading.list(streamId, caller.get(), asked, order, pageNumber, perPage));
    }

    @GET
    @Path("highlight")
    @Operation(summary = "The highlighted question of a stream")
    @APIResponses(@APIResponse(responseCode = "200", description = "{code:200, data:{stream, question?}}"))
    public Reply<Highlight> highlighted(@QueryParam("stream") String stream) {
        return Reply.ok(reading.highlighted(streamParameter(stream), caller.get()));
    }

    @POST
    @Path("{id}/highlight")
    @Operation(summary = "Highlight a question for everyone (host or moderator), replacing the one before")
    @APIResponse(responseCode = "200", description = "{code:200, data:{stream, question}}")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT)
    public Reply<Highlight> highlight(@PathParam("id") long id) {
        return Reply.ok(hosting.highlight(id, caller.get()));
    }

    @DELETE
    @Path("highlight")
    @Operation(summary = "Clear the highlight (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:{stream}}")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    public Reply<Highlight> clearHighlight(@QueryParam("stream") String stream) {
        return Reply.ok(hosting.clearHighlight(streamParameter(stream), caller.get()));
    }

    @GET
    @Path("settings")
    @Operation(summary = "A stream's question settings")
    @APIResponses(@APIResponse(responseCode = "200",
            description = "{code:200, data:{stream, holdForReview, allowAnonymous}}"))
    public Reply<QuestionSettings> settings(@QueryParam("stream") String stream) {
        return Reply.ok(reading.settings(streamParameter(stream)));
    }

    /** Changes the settings given in the body; those left out stay as they are. */
    @PUT
    @Path("settings")
    @Operation(summary = "Change a stream's question settings (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:{stream, holdForReview, allowAnonymous}}")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    public Reply<QuestionSettings> changeSettings(@QueryParam("stream") String stream,
                                                  @Valid @NotNull SettingsChange body) {
        return Reply.ok(hosting.changeSettings(streamParameter(stream), caller.get(), body.holdForReview(),
                body.allowAnonymous()));
    }

    private static long streamParameter(String value) {
        return number("stream", value, null, 1, Long.MAX_VALUE);
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

    /**
     * {@code streamId}: the page sends the id as it got it from its own query string, so as text; numbers are taken
     * too. {@code anonymous}: ask without the room seeing who asks; only where the room allows it.
     */
    public record NewQuestion(String content,
                              @NotNull(message = "must be a stream's id")
                              @Pattern(regexp = "\\p{javaWhitespace}*\\d{1,18}\\p{javaWhitespace}*", message = "must be a stream's id")
                              @JsonbTypeDeserializer(LenientText.class) String streamId,
                              @JsonbTypeDeserializer(StrictBoolean.class) Boolean anonymous) {

        /** Once validated. */
        long stream() {
            return Long.parseLong(streamId.strip());
        }
    }

    public record AnswerText(String answer) {
    }

    public record SettingsChange(@JsonbTypeDeserializer(StrictBoolean.class) Boolean holdForReview,
                                 @JsonbTypeDeserializer(StrictBoolean.class) Boolean allowAnonymous) {
    }
}
