package com.liveroom.moderation.boundary;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import com.liveroom.platform.boundary.ApiApplication;
import com.liveroom.identity.boundary.Authenticated;
import com.liveroom.identity.boundary.CurrentCaller;
import com.liveroom.moderation.control.Moderation;
import com.liveroom.moderation.entity.BlockedTerm;
import com.liveroom.platform.boundary.Reply;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.control.Streams;
import com.liveroom.rooms.entity.Stream;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * A room's settings: open or closed, slow mode, what blocked terms do, and the room's blocked terms. Reading
 * the settings is open to every signed-in user (a page shows the room is closed, or slowed); changing them is
 * for the host and moderators.
 */
@Path("streams")
@Authenticated
@Tag(name = "moderation", description = "the host and moderators run the room")
@SecurityRequirement(name = ApiApplication.TOKEN)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces(MediaType.APPLICATION_JSON)
public class RoomSettingsResource {

    @Inject
    Moderation moderation;

    @Inject
    Streams streams;

    @Inject
    CurrentCaller caller;

    @GET
    @Path("{id}/settings")
    @Operation(summary = "A room's moderation settings")
    @APIResponse(responseCode = "200", description = "{code:200, data:{stream, closed, slowModeSeconds, blockedTermsMode}}")
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    public Reply<SettingsView> settings(@PathParam("id") long streamId) {
        return Reply.ok(view(streams.existing(streamId)));
    }

    /** Body {@code {slowModeSeconds?, blockedTermsMode?}}: what is left out stays as it is. */
    @PUT
    @Path("{id}/settings")
    @Operation(summary = "Change slow mode or the blocked-terms mode (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:settings}")
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    public Reply<SettingsView> change(@PathParam("id") long streamId, String body) {
        JsonObject json = ModerationResource.object(body);
        Integer slow = null;
        JsonValue seconds = json.get("slowModeSeconds");
        if (seconds != null && seconds.getValueType() != JsonValue.ValueType.NULL) {
            if (!(seconds instanceof JsonNumber n) || !n.isIntegral() || n.bigIntegerValue().bitLength() > 31) {
                throw Refusal.badRequest("slowModeSeconds must be a whole number of seconds");
            }
            slow = n.intValue();
        }
        String mode = ModerationResource.text(json, "blockedTermsMode");
        return Reply.ok(view(moderation.settings(streamId, slow, mode, caller.get())));
    }

    @POST
    @Path("{id}/close")
    @Operation(summary = "Close the room: history stays, new messages and questions are refused (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:settings}")
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    public Reply<SettingsView> close(@PathParam("id") long streamId) {
        return Reply.ok(view(moderation.close(streamId, true, caller.get())));
    }

    @POST
    @Path("{id}/reopen")
    @Operation(summary = "Reopen a closed room (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:settings}")
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    public Reply<SettingsView> reopen(@PathParam("id") long streamId) {
        return Reply.ok(view(moderation.close(streamId, false, caller.get())));
    }

    @GET
    @Path("{id}/blocked-terms")
    @Operation(summary = "The room's blocked terms (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:{room, global}}")
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    public Reply<TermsView> terms(@PathParam("id") long streamId) {
        return Reply.ok(new TermsView(moderation.terms(streamId, caller.get()).stream().map(RoomSettingsResource::view).toList(),
                moderation.globalTerms()));
    }

    /** Body {@code {term}}; adding a term already there (in any case or width) answers the one there. */
    @POST
    @Path("{id}/blocked-terms")
    @Operation(summary = "Block a term in the room (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:term}")
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    public Reply<TermView> addTerm(@PathParam("id") long streamId, String body) {
        String term = ModerationResource.text(ModerationResource.object(body), "term");
        return Reply.ok(view(moderation.addTerm(streamId, term, caller.get())));
    }

    @DELETE
    @Path("{id}/blocked-terms/{termId}")
    @Operation(summary = "Unblock a term (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:term}")
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    public Reply<TermView> removeTerm(@PathParam("id") long streamId, @PathParam("termId") long termId) {
        moderation.removeTerm(streamId, termId, caller.get());
        return Reply.ok(new TermView(termId, null));
    }

    private static SettingsView view(Stream s) {
        return new SettingsView(s.id(), s.closed(), s.slowModeSeconds(), s.blockedTermsMode());
    }

    private static TermView view(BlockedTerm t) {
        return new TermView(t.id(), t.term());
    }

    public record SettingsView(long stream, boolean closed, int slowModeSeconds, String blockedTermsMode) {
    }

    public record TermView(long id, String term) {
    }

    /** The room's own terms, and the terms blocked everywhere (normalised, from the server's settings). */
    public record TermsView(List<TermView> room, List<String> global) {
    }
}
