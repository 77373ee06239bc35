package com.liveroom.polls.boundary;

import static com.liveroom.platform.boundary.QueryParameters.MAX_PER_PAGE;
import static com.liveroom.platform.boundary.QueryParameters.number;

import com.liveroom.identity.boundary.Authenticated;
import com.liveroom.identity.boundary.CurrentCaller;
import com.liveroom.platform.boundary.ApiApplication;
import com.liveroom.platform.boundary.Reply;
import com.liveroom.platform.boundary.StrictBoolean;
import com.liveroom.platform.boundary.StrictText;
import com.liveroom.platform.boundary.WholeNumber;
import com.liveroom.platform.control.Refusal;
import com.liveroom.polls.control.PollDraft;
import com.liveroom.polls.control.PollView;
import com.liveroom.polls.control.Polls;
import com.liveroom.polls.entity.Poll;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A room's polls over REST: the host and its moderators draft, edit, delete, open and close them and see who voted
 * (unless the results are anonymous); everyone votes, reads its own vote and lists the room's polls. The bodies are
 * checked here, into typed values; what they may do is decided in {@link Polls}.
 */
@Path("polls")
@Authenticated
@Tag(name = "polls", description = "the host asks the room a question with options; viewers vote once; counts are pushed live")
@SecurityRequirement(name = ApiApplication.TOKEN)
@APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
@APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
@APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PollsResource {

    @Inject
    CurrentCaller caller;

    @Inject
    Polls polls;

    @POST
    @Operation(summary = "Draft a poll in a stream (host or moderator)",
            description = "2-10 options; single choice unless multiple is true; anonymous: nobody, the host included, "
                    + "may see who voted for what. The draft is told to the room's host and moderators (240).")
    @APIResponse(responseCode = "200", description = "{code:200, data:PollView} with status \"draft\"")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "503", ref = ApiApplication.UNAVAILABLE)
    public Reply<PollView> create(@Valid @NotNull NewPoll body) {
        if (body.stream() == null) {
            throw Refusal.badRequest("stream is required");
        }
        return Reply.ok(polls.create(body.stream(), caller.get(),
                PollDraft.of(body.question(), texts(body.options()), body.multiple(), body.anonymous())));
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Change a draft (host or moderator); the parts left out stay")
    @APIResponse(responseCode = "200", description = "{code:200, data:PollView}")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT, description = "the poll is open or closed")
    public Reply<PollView> edit(@PathParam("id") long id, @Valid @NotNull PollChange body) {
        return Reply.ok(polls.edit(id, caller.get(),
                PollDraft.edit(body.question(), texts(body.options()), body.multiple(), body.anonymous())));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a draft (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:PollView} with status \"deleted\"")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT, description = "the poll is open or closed")
    public Reply<PollView> delete(@PathParam("id") long id) {
        return Reply.ok(polls.delete(id, caller.get()));
    }

    @POST
    @Path("{id}/open")
    @Operation(summary = "Open a draft to the room (host or moderator)",
            description = "At most one poll of a room is open. Opening an open poll again changes nothing.")
    @APIResponse(responseCode = "200", description = "{code:200, data:PollView} with status \"open\"")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT,
            description = "the poll is closed, or another poll of the room is open")
    public Reply<PollView> open(@PathParam("id") long id) {
        return Reply.ok(polls.open(id, caller.get()));
    }

    @POST
    @Path("{id}/close")
    @Operation(summary = "Close an open poll (host or moderator); its final counts are told to the room",
            description = "Closing a closed poll again changes nothing.")
    @APIResponse(responseCode = "200", description = "{code:200, data:PollView} with status \"closed\"")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT, description = "the poll is a draft")
    public Reply<PollView> close(@PathParam("id") long id) {
        return Reply.ok(polls.close(id, caller.get()));
    }

    @GET
    @Operation(summary = "A stream's polls, newest first",
            description = "Viewers see open and closed polls; the host and moderators drafts too.")
    @APIResponse(responseCode = "200", description = "{code:200, data:{stream, items:[PollView], page, resultsPerPage, total}}")
    public Reply<Polls.PollPage> list(@QueryParam("stream") String stream, @QueryParam("page") String page,
                                      @QueryParam("resultsPerPage") String resultsPerPage) {
        long streamId = number("stream", stream, null, 1, Long.MAX_VALUE);
        int pageNumber = (int) number("page", page, 1L, 1, 1_000_000);
        int perPage = (int) number("resultsPerPage", resultsPerPage, 20L, 1, MAX_PER_PAGE);
        return Reply.ok(polls.list(streamId, caller.get(), pageNumber, perPage));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One poll, with the caller's own vote (mine)")
    @APIResponse(responseCode = "200", description = "{code:200, data:PollView}")
    public Reply<PollView> read(@PathParam("id") long id) {
        return Reply.ok(polls.read(id, caller.get()));
    }

    @PUT
    @Path("{id}/vote")
    @Operation(summary = "Vote in an open poll, replacing the caller's earlier vote",
            description = "{options:[indexes from 0]}: exactly one in a single-choice poll, one or more in a multiple-"
                    + "choice poll. One vote per user: the same vote again changes nothing.")
    @APIResponse(responseCode = "200",
            description = "{code:200, data:{stream, pollId, mine, counts, voters, version, changed}}")
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT, description = "the poll is not open")
    public Reply<Polls.Vote> vote(@PathParam("id") long id, @Valid @NotNull Ballot body) {
        List<Integer> choice = indexes(body.options());
        if (choice.isEmpty()) {
            throw Refusal.badRequest("choose at least one option (DELETE takes a vote back)");
        }
        return Reply.ok(polls.vote(id, caller.get(), choice));
    }

    @DELETE
    @Path("{id}/vote")
    @Operation(summary = "Take back the caller's vote while the poll is open; none to take back changes nothing")
    @APIResponse(responseCode = "200",
            description = "{code:200, data:{stream, pollId, mine:[], counts, voters, version, changed}}")
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT, description = "the poll is not open")
    public Reply<Polls.Vote> takeBack(@PathParam("id") long id) {
        return Reply.ok(polls.vote(id, caller.get(), List.of()));
    }

    @GET
    @Path("{id}/vote")
    @Operation(summary = "The caller's own vote (mine: empty when none) with the poll's counts")
    @APIResponse(responseCode = "200",
            description = "{code:200, data:{stream, pollId, mine, counts, voters, version, changed:false}}")
    public Reply<Polls.Vote> myVote(@PathParam("id") long id) {
        return Reply.ok(polls.voteOf(id, caller.get()));
    }

    @GET
    @Path("{id}/voters")
    @Operation(summary = "Who chose each option (host or moderator; never for anonymous results)")
    @APIResponse(responseCode = "200",
            description = "{code:200, data:{stream, pollId, options:[{index, label, voters:[{id, displayName, avatarUrl}]}]}}")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN,
            description = "the caller does not run the room, or the poll's results are anonymous")
    public Reply<Polls.Voters> voters(@PathParam("id") long id) {
        return Reply.ok(polls.voters(id, caller.get()));
    }

    /** A JSON array of texts, or {@code null} when it was left out. */
    private static List<String> texts(JsonArray given) {
        if (given == null) {
            return null;
        }
        if (given.size() > Poll.MAX_OPTIONS) {
            throw Refusal.badRequest("a poll has " + Poll.MIN_OPTIONS + " to " + Poll.MAX_OPTIONS + " options");
        }
        List<String> texts = new ArrayList<>();
        for (JsonValue value : given) {
            if (!(value instanceof JsonString text)) {
                throw Refusal.badRequest("options must be texts");
            }
            texts.add(text.getString());
        }
        return texts;
    }

    /** A JSON array of distinct option numbers. */
    private static List<Integer> indexes(JsonArray given) {
        if (given == null) {
            throw Refusal.badRequest("options is required: the numbers of the options chosen, from 0");
        }
        List<Integer> indexes = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (JsonValue value : given) {
            if (!(value instanceof JsonNumber number) || !number.isIntegral()
                    || number.bigDecimalValue().compareTo(BigDecimal.valueOf(Poll.MAX_OPTIONS)) >= 0
                    || number.bigDecimalValue().signum() < 0) {
                throw Refusal.badRequest("options must be numbers of options, from 0 to " + (Poll.MAX_OPTIONS - 1));
            }
            if (!seen.add(number.intValue())) {
                throw Refusal.badRequest("option " + number.intValue() + " is chosen twice");
            }
            indexes.add(number.intValue());
        }
        return indexes;
    }

    /** {@code stream}: the stream's id. {@code options}: 2-10 texts. */
    public record NewPoll(@JsonbTypeDeserializer(WholeNumber.class) Long stream,
                          @JsonbTypeDeserializer(StrictText.class) String question,
                          JsonArray options,
                          @JsonbTypeDeserializer(StrictBoolean.class) Boolean multiple,
                          @JsonbTypeDeserializer(StrictBoolean.class) Boolean anonymous) {
    }

    public record PollChange(@JsonbTypeDeserializer(StrictText.class) String question,
                             JsonArray options,
                             @JsonbTypeDeserializer(StrictBoolean.class) Boolean multiple,
                             @JsonbTypeDeserializer(StrictBoolean.class) Boolean anonymous) {
    }

    /** {@code options}: the numbers (from 0) of the options chosen. */
    public record Ballot(JsonArray options) {
    }
}
