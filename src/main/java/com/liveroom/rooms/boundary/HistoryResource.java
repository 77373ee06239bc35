package com.liveroom.rooms.boundary;

import static com.liveroom.platform.boundary.QueryParameters.MAX_PER_PAGE;
import static com.liveroom.platform.boundary.QueryParameters.number;

import com.liveroom.identity.boundary.Authenticated;
import com.liveroom.platform.boundary.ApiApplication;
import com.liveroom.platform.boundary.Reply;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.control.History;
import com.liveroom.rooms.control.Streams;
import com.liveroom.rooms.entity.ItemType;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** A room's history, as the mini-program pages it. Parameters are read as text so that bad ones get a clear 400. */
@Path("message")
@Tag(name = "history", description = "the items of a room, as stored")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    @Inject
    History history;

    @Inject
    Streams streams;

    /**
     * Pages by number ({@code page}, {@code resultsPerPage}, {@code type}) as the mini-program does, or by
     * position: {@code after=<seq>} gives the items after it, {@code before=<seq>} the newest items before it,
     * at most {@code limit} of them, oldest first.
     */
    @GET
    @Path("chatmsg")
    @Operation(summary = "A room's history, by page or by position",
            description = "By page: {code:200, data:{items, page, resultsPerPage, total}}; page 1 is the newest, "
                    + "items run oldest to newest inside a page. By position (after or before): {code:200, "
                    + "data:{items, after, before, limit}}, oldest first.")
    @SecurityRequirement(name = ApiApplication.TOKEN)
    @APIResponse(responseCode = "200", description = "a page or a slice of the room's items")
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    public Reply<Object> chatmsg(@Parameter(description = "the stream's id", required = true) @QueryParam("stream") String stream,
                            @Parameter(description = "page number, 1 (the newest, default) or more") @QueryParam("page") String page,
                            @Parameter(description = "items per page, 1-1000 (default 20)") @QueryParam("resultsPerPage") String resultsPerPage,
                            @Parameter(description = "empty for every type, or message, question or answer") @QueryParam("type") String type,
                            @Parameter(description = "the items after this seq") @QueryParam("after") String after,
                            @Parameter(description = "the newest items before this seq") @QueryParam("before") String before,
                            @Parameter(description = "most items by position, 1-1000 (default 100)") @QueryParam("limit") String limit) {
        long streamId = number("stream", stream, null, 1, Long.MAX_VALUE);
        if (after != null || before != null) {
            if (after != null && before != null) {
                throw Refusal.badRequest("give after or before, not both");
            }
            int max = (int) number("limit", limit, 100L, 1, MAX_PER_PAGE);
            streams.existing(streamId);
            if (after != null) {
                long seq = number("after", after, null, 0, Long.MAX_VALUE);
                return Reply.ok(history.sliceAfter(streamId, seq, max));
            }
            long seq = number("before", before, null, 1, Long.MAX_VALUE);
            return Reply.ok(history.sliceBefore(streamId, seq, max));
        }
        int pageNumber = (int) number("page", page, 1L, 1, 1_000_000);
        int perPage = (int) number("resultsPerPage", resultsPerPage, 20L, 1, MAX_PER_PAGE);
        Optional<ItemType> itemType = itemType(type);
        streams.existing(streamId);
        return Reply.ok(history.page(streamId, itemType, pageNumber, perPage));
    }

    private static Optional<ItemType> itemType(String type) {
        if (type == null || type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ItemType.fromWire(type)
                .orElseThrow(() -> Refusal.badRequest("type must be empty, message, question or answer")));
    }

}
