package com.liveroom.pinned.boundary;

import com.liveroom.identity.boundary.Authenticated;
import com.liveroom.identity.boundary.CurrentCaller;
import com.liveroom.pinned.control.PinState;
import com.liveroom.pinned.control.Pinning;
import com.liveroom.platform.boundary.ApiApplication;
import com.liveroom.platform.boundary.Reply;
import com.liveroom.platform.boundary.StrictText;
import com.liveroom.platform.boundary.WholeNumber;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A room's pinned announcement: {@code /api/streams/{id}/pin}. Shares the root path {@code streams} with the other
 * stream resources (JAX-RS merges classes with the same path). The host and moderators pin and take down; everyone
 * signed in reads.
 */
@Path("streams")
@Authenticated
@Tag(name = "pinned", description = "one announcement pinned above a room's chat")
@SecurityRequirement(name = ApiApplication.TOKEN)
@APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
@APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces(MediaType.APPLICATION_JSON)
public class PinsResource {

    @Inject
    Pinning pinning;

    @Inject
    CurrentCaller caller;

    @GET
    @Path("{id}/pin")
    @Operation(summary = "What the stream has pinned (anyone signed in)",
            description = "pin is null when nothing is pinned (never was, taken down, or its time is up).")
    @APIResponses(@APIResponse(responseCode = "200", description = "{code:200, data:{stream, topic, version, pin}}"))
    public Reply<PinState> pinned(@PathParam("id") long streamId) {
        return Reply.ok(pinning.current(streamId));
    }

    @PUT
    @Path("{id}/pin")
    @Operation(summary = "Pin an announcement (host or moderator), replacing whatever was pinned",
            description = "Either text (a new announcement, under the rules of a chat message: not empty, at most "
                    + "liveroom.chat.max-length characters, the room's blocked terms refused or masked) or itemId (one "
                    + "of the room's items, not deleted). seconds: 30 to 3600, or absent or null to stay until taken "
                    + "down. The room gets event 260; the answer is the same data.")
    @APIResponse(responseCode = "200", description = "{code:200, data:{stream, topic, version, pin}}")
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID,
            description = "neither or both of text and itemId, an empty text, a blocked term, seconds out of range")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN, description = "not the host or a moderator")
    @APIResponse(responseCode = "413", ref = ApiApplication.TOO_LONG)
    @APIResponse(responseCode = "503", ref = ApiApplication.UNAVAILABLE)
    public Reply<PinState> pin(@PathParam("id") long streamId, @Valid @NotNull PinOrder body) {
        return Reply.ok(pinning.pin(streamId, caller.get(), body.text(), body.itemId(), body.seconds()));
    }

    @DELETE
    @Path("{id}/pin")
    @Operation(summary = "Take the pinned announcement down (host or moderator)",
            description = "The room gets event 260 with pin null. 404 when nothing is pinned.")
    @APIResponse(responseCode = "200", description = "{code:200, data:{stream, topic, version, pin:null}}")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN, description = "not the host or a moderator")
    @APIResponse(responseCode = "503", ref = ApiApplication.UNAVAILABLE)
    public Reply<PinState> unpin(@PathParam("id") long streamId) {
        return Reply.ok(pinning.unpin(streamId, caller.get()));
    }

    /** Exactly one of {@code text} and {@code itemId}; {@code seconds} absent or null: until taken down. */
    public record PinOrder(
            @JsonbTypeDeserializer(StrictText.class) String text,
            @JsonbTypeDeserializer(WholeNumber.class) Long itemId,
            @Min(value = Pinning.MIN_SECONDS, message = "must be between " + Pinning.MIN_SECONDS + " and "
                    + Pinning.MAX_SECONDS + ", or null: until taken down")
            @Max(value = Pinning.MAX_SECONDS, message = "must be between " + Pinning.MIN_SECONDS + " and "
                    + Pinning.MAX_SECONDS + ", or null: until taken down")
            @JsonbTypeDeserializer(WholeNumber.class) Long seconds) {
    }
}
