package com.liveroom.moderation.boundary;

import com.liveroom.identity.boundary.Authenticated;
import com.liveroom.identity.boundary.CurrentCaller;
import com.liveroom.moderation.control.Moderation;
import com.liveroom.moderation.entity.BlockedTerm;
import com.liveroom.platform.boundary.ApiApplication;
import com.liveroom.platform.boundary.Reply;
import com.liveroom.platform.boundary.StrictText;
import com.liveroom.platform.boundary.WholeNumber;
import com.liveroom.rooms.control.Streams;
import com.liveroom.rooms.entity.Stream;
import com.liveroom.rooms.entity.TermsMode;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A room's settings: open or closed, slow mode, what blocked terms do, and the room's blocked terms. Reading
 * the settings is open to every signed-in user (a page shows the room is closed, or slowed); changing them is
 * for the host and moderators.
 */
@Path("streams")
@Authenticated
@Tag(name = "moderation", description = "the host and moderators run the room")
@SecurityRequirement(name = ApiApplication.TOKEN)
@APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
@APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
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
    @APIResponses(@APIResponse(responseCode = "200",
            description = "{code:200, data:{stream, closed, slowModeSeconds, blockedTermsMode, chatBudget}}"))
    public Reply<SettingsView> settings(@PathParam("id") long streamId) {
        return Reply.ok(view(streams.existing(streamId)));
    }

    /** What is left out stays as it is (all of it, when the body is). */
    @PUT
    @Path("{id}/settings")
    @Operation(summary = "Change slow mode, the blocked-terms mode or the chat budget (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:settings}")
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    public Reply<SettingsView> change(@PathParam("id") long streamId, @Valid RoomSettingsChange body) {
        RoomSettingsChange given = body == null ? new RoomSettingsChange(null, null, null) : body;
        return Reply.ok(view(moderation.settings(streamId, given.slowMode(), given.termsMode(), given.budget(),
                caller.get())));
    }

    @POST
    @Path("{id}/close")
    @Operation(summary = "Close the room: history stays, new messages and questions are refused (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:settings}")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    public Reply<SettingsView> close(@PathParam("id") long streamId) {
        return Reply.ok(view(moderation.close(streamId, caller.get())));
    }

    @POST
    @Path("{id}/reopen")
    @Operation(summary = "Reopen a closed room (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:settings}")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    public Reply<SettingsView> reopen(@PathParam("id") long streamId) {
        return Reply.ok(view(moderation.reopen(streamId, caller.get())));
    }

    @GET
    @Path("{id}/blocked-terms")
    @Operation(summary = "The room's blocked terms (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:{room, global}}")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    public Reply<TermsView> terms(@PathParam("id") long streamId) {
        return Reply.ok(new TermsView(moderation.terms(streamId, caller.get()).stream().map(RoomSettingsResource::view).toList(),
                moderation.globalTerms()));
    }

    /** Adding a term already there (in any case or width) answers the one there. */
    @POST
    @Path("{id}/blocked-terms")
    @Operation(summary = "Block a term in the room (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:term}")
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    public Reply<TermView> addTerm(@PathParam("id") long streamId, @Valid @NotNull NewTerm body) {
        return Reply.ok(view(moderation.addTerm(streamId, body.term(), caller.get())));
    }

    @DELETE
    @Path("{id}/blocked-terms/{termId}")
    @Operation(summary = "Unblock a term (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:term}")
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    public Reply<TermView> removeTerm(@PathParam("id") long streamId, @PathParam("termId") long termId) {
        moderation.removeTerm(streamId, termId, caller.get());
        return Reply.ok(new TermView(termId, null));
    }

    private SettingsView view(Stream s) {
        return new SettingsView(s.id(), s.closed(), s.slowModeSeconds(), s.blockedTermsMode().wire(),
                moderation.chatBudget(s));
    }

    private static TermView view(BlockedTerm t) {
        return new TermView(t.id(), t.term());
    }

    /** {@code {slowModeSeconds?, blockedTermsMode?, chatBudget?}}. */
    public record RoomSettingsChange(
            @Min(value = 0, message = "must be between 0 (off) and " + Moderation.MAX_SLOW_MODE_SECONDS)
            @Max(value = Moderation.MAX_SLOW_MODE_SECONDS,
                    message = "must be between 0 (off) and " + Moderation.MAX_SLOW_MODE_SECONDS)
            @JsonbTypeDeserializer(WholeNumber.class) Long slowModeSeconds,
            @Pattern(regexp = TermsMode.WIRE_WORDS, message = "must be refuse or mask")
            @JsonbTypeDeserializer(StrictText.class) String blockedTermsMode,
            @Min(value = 0, message = "must be between 0 (no limit) and " + Moderation.MAX_CHAT_BUDGET)
            @Max(value = Moderation.MAX_CHAT_BUDGET,
                    message = "must be between 0 (no limit) and " + Moderation.MAX_CHAT_BUDGET)
            @JsonbTypeDeserializer(WholeNumber.class) Long chatBudget) {

        /** Once validated: null when left out. */
        Integer slowMode() {
            return slowModeSeconds == null ? null : slowModeSeconds.intValue();
        }

        /** Once validated: null when left out. */
        Integer budget() {
            return chatBudget == null ? null : chatBudget.intValue();
        }

        /** Once validated: null when left out. */
        TermsMode termsMode() {
            return blockedTermsMode == null ? null : TermsMode.fromWire(blockedTermsMode).orElseThrow();
        }
    }

    /** {@code {term}}: 1 to {@value BlockedTerm#MAX_TERM} characters. */
    public record NewTerm(
            @NotNull(message = "must be 1 to " + BlockedTerm.MAX_TERM + " characters")
            @JsonbTypeDeserializer(StrictText.class) String term) {
    }

    /** {@code chatBudget}: the one in force, the room's own or the server's default (0: no limit). */
    public record SettingsView(long stream, boolean closed, int slowModeSeconds, String blockedTermsMode,
                               int chatBudget) {
    }

    public record TermView(long id, String term) {
    }

    /** The room's own terms, and the terms blocked everywhere (normalised, from the server's settings). */
    public record TermsView(List<TermView> room, List<String> global) {
    }
}
