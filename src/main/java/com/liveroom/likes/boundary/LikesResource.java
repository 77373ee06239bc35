package com.liveroom.likes.boundary;

import com.liveroom.delivery.control.FrameDecoder;
import com.liveroom.identity.boundary.Authenticated;
import com.liveroom.identity.boundary.CurrentCaller;
import com.liveroom.likes.control.Likes;
import com.liveroom.platform.boundary.ApiApplication;
import com.liveroom.platform.boundary.Reply;
import com.liveroom.platform.boundary.WholeNumber;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A room's likes over REST, for clients without a socket (a socket sends like frames, type 4): like, and read the
 * total. Shares the root path {@code streams} with the other stream resources, so the address is
 * {@code /api/streams/{id}/likes}.
 */
@Path("streams")
@Authenticated
@Tag(name = "likes", description = "members tap like; the room's total is counted across the cluster")
@SecurityRequirement(name = ApiApplication.TOKEN)
@APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
@APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces(MediaType.APPLICATION_JSON)
public class LikesResource {

    @Inject
    Likes likes;

    @Inject
    CurrentCaller caller;

    @POST
    @Path("{id}/likes")
    @Operation(summary = "Like the room, count times (1 to 100; 1 without a body)",
            description = "Taps over the user's allowance (liveroom.likes.per-second, shared with the socket's like "
                    + "frames) are dropped, not refused: accepted says how many counted. likes is the room's total "
                    + "as this server knows it now. A muted viewer may like.")
    @APIResponse(responseCode = "200", description = "{code:200, data:{stream, accepted, likes}}")
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN, description = "the caller is banned from the room")
    @APIResponse(responseCode = "409", ref = ApiApplication.CONFLICT, description = "the room is closed")
    @APIResponse(responseCode = "503", ref = ApiApplication.UNAVAILABLE)
    public Reply<Likes.Tally> like(@PathParam("id") long streamId, @Valid Taps body) {
        int count = body == null || body.count() == null ? 1 : body.count().intValue();
        return Reply.ok(likes.like(streamId, caller.get(), count));
    }

    @GET
    @Path("{id}/likes")
    @Operation(summary = "The room's like total, across every server")
    @APIResponse(responseCode = "200", description = "{code:200, data:{stream, likes}}")
    public Reply<Total> total(@PathParam("id") long streamId) {
        return Reply.ok(new Total(streamId, likes.total(streamId)));
    }

    /** {@code {count?}}: how many taps, 1 to {@value FrameDecoder#MAX_LIKES}. */
    public record Taps(
            @Min(value = 1, message = "must be a whole number from 1 to " + FrameDecoder.MAX_LIKES)
            @Max(value = FrameDecoder.MAX_LIKES, message = "must be a whole number from 1 to " + FrameDecoder.MAX_LIKES)
            @JsonbTypeDeserializer(WholeNumber.class) Long count) {
    }

    public record Total(long stream, long likes) {
    }
}
