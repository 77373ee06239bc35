package com.liveroom.moderation.boundary;

import static com.liveroom.platform.boundary.QueryParameters.MAX_PER_PAGE;
import static com.liveroom.platform.boundary.QueryParameters.number;

import com.liveroom.identity.boundary.Authenticated;
import com.liveroom.identity.boundary.CurrentCaller;
import com.liveroom.moderation.control.Moderation;
import com.liveroom.moderation.control.NamedModerator;
import com.liveroom.moderation.control.NamedSanction;
import com.liveroom.moderation.entity.AuditEntry;
import com.liveroom.moderation.entity.Sanction;
import com.liveroom.platform.boundary.ApiApplication;
import com.liveroom.platform.boundary.Reply;
import com.liveroom.platform.boundary.StrictText;
import com.liveroom.platform.boundary.WholeNumber;
import com.liveroom.platform.control.Clocks;
import com.liveroom.rooms.entity.ChatItem;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.StringReader;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Running a room: its moderators, deleting items, mutes and bans, and the audit log. Shares the root path
 * {@code streams} with {@code StreamsResource} (JAX-RS merges classes with the same path), so every address is
 * {@code /api/streams/{id}/...}. Who may do what is decided by {@code Roles}, through {@link Moderation}.
 */
@Path("streams")
@Authenticated
@Tag(name = "moderation", description = "the host and moderators run the room")
@SecurityRequirement(name = ApiApplication.TOKEN)
@APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
@APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces(MediaType.APPLICATION_JSON)
public class ModerationResource {

    @Inject
    Moderation moderation;

    @Inject
    CurrentCaller caller;

    @Inject
    Clocks clocks;

    // ---- moderators (appointing and removing: the host only)

    @GET
    @Path("{id}/moderators")
    @Operation(summary = "The stream's moderators (host or moderator)")
    @APIResponses(@APIResponse(responseCode = "200",
            description = "{code:200, data:[{user, displayName, avatarUrl, appointedAt, appointedBy}]}"))
    public Reply<List<ModeratorView>> moderators(@PathParam("id") long streamId) {
        return Reply.ok(moderation.moderators(streamId, caller.get()).stream().map(this::view).toList());
    }

    @PUT
    @Path("{id}/moderators/{userId}")
    @Operation(summary = "Appoint a moderator (the host only)")
    @APIResponse(responseCode = "200", description = "{code:200, data:moderator}")
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    public Reply<ModeratorView> appoint(@PathParam("id") long streamId, @PathParam("userId") long userId) {
        return Reply.ok(view(moderation.appoint(streamId, userId, caller.get())));
    }

    @DELETE
    @Path("{id}/moderators/{userId}")
    @Operation(summary = "Remove a moderator (the host only)")
    @APIResponses(@APIResponse(responseCode = "200", description = "{code:200, data:{removed}}"))
    public Reply<Removed> dismiss(@PathParam("id") long streamId, @PathParam("userId") long userId) {
        moderation.dismiss(streamId, userId, caller.get());
        return Reply.ok(new Removed(streamId, userId));
    }

    // ---- items

    @DELETE
    @Path("{id}/items/{itemId}")
    @Operation(summary = "Delete a chat item (host or moderator): gone from history, members get event 210")
    @APIResponses(@APIResponse(responseCode = "200", description = "{code:200, data:{stream, id, seq}}"))
    public Reply<DeletedItem> delete(@PathParam("id") long streamId, @PathParam("itemId") long itemId) {
        ChatItem item = moderation.delete(streamId, itemId, caller.get());
        return Reply.ok(new DeletedItem(streamId, item.id(), item.seq(), item.type().wire()));
    }

    // ---- mutes and bans

    @GET
    @Path("{id}/mutes")
    @Operation(summary = "The users muted in the stream (host or moderator)")
    @APIResponses(@APIResponse(responseCode = "200", description = "{code:200, data:[sanction]}"))
    public Reply<List<SanctionView>> mutes(@PathParam("id") long streamId) {
        return Reply.ok(sanctions(streamId, Sanction.Kind.MUTE));
    }

    /** Mutes for that long (imposing again sets a new end). */
    @PUT
    @Path("{id}/mutes/{userId}")
    @Operation(summary = "Mute a user for a number of seconds (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:sanction}")
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    public Reply<SanctionView> mute(@PathParam("id") long streamId, @PathParam("userId") long userId,
                                    @Valid @NotNull MuteOrder body) {
        return Reply.ok(view(moderation.mute(streamId, userId, body.seconds(), body.reason(), caller.get())));
    }

    @DELETE
    @Path("{id}/mutes/{userId}")
    @Operation(summary = "Lift a mute (host or moderator)")
    @APIResponses(@APIResponse(responseCode = "200", description = "{code:200, data:{removed}}"))
    public Reply<Removed> unmute(@PathParam("id") long streamId, @PathParam("userId") long userId) {
        moderation.unmute(streamId, userId, caller.get());
        return Reply.ok(new Removed(streamId, userId));
    }

    @GET
    @Path("{id}/bans")
    @Operation(summary = "The users banned from the stream (host or moderator)")
    @APIResponses(@APIResponse(responseCode = "200", description = "{code:200, data:[sanction]}"))
    public Reply<List<SanctionView>> bans(@PathParam("id") long streamId) {
        return Reply.ok(sanctions(streamId, Sanction.Kind.BAN));
    }

    /** Bans until lifted, and takes the user's sockets out of the room. The body may be left out. */
    @PUT
    @Path("{id}/bans/{userId}")
    @Operation(summary = "Ban a user from the room until lifted (host or moderator)")
    @APIResponse(responseCode = "200", description = "{code:200, data:sanction}")
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    public Reply<SanctionView> ban(@PathParam("id") long streamId, @PathParam("userId") long userId,
                                   @Valid BanOrder body) {
        String reason = body == null ? null : body.reason();
        return Reply.ok(view(moderation.ban(streamId, userId, reason, caller.get())));
    }

    @DELETE
    @Path("{id}/bans/{userId}")
    @Operation(summary = "Lift a ban (host or moderator)")
    @APIResponses(@APIResponse(responseCode = "200", description = "{code:200, data:{removed}}"))
    public Reply<Removed> unban(@PathParam("id") long streamId, @PathParam("userId") long userId) {
        moderation.unban(streamId, userId, caller.get());
        return Reply.ok(new Removed(streamId, userId));
    }

    // ---- audit (the host only)

    @GET
    @Path("{id}/audit")
    @Operation(summary = "The moderation log, newest first (the host only)")
    @APIResponse(responseCode = "200", description = "{code:200, data:{items, page, resultsPerPage, total}}")
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    public Reply<AuditPage> audit(@PathParam("id") long streamId, @QueryParam("page") String page,
                                  @QueryParam("resultsPerPage") String resultsPerPage) {
        int pageNumber = (int) number("page", page, 1L, 1, 1_000_000);
        int perPage = (int) number("resultsPerPage", resultsPerPage, 20L, 1, MAX_PER_PAGE);
        List<AuditView> items = moderation.audit(streamId, pageNumber, perPage, caller.get()).stream().map(this::view).toList();
        return Reply.ok(new AuditPage(items, pageNumber, perPage, moderation.auditCount(streamId)));
    }

    private List<SanctionView> sanctions(long streamId, Sanction.Kind kind) {
        return moderation.sanctions(streamId, kind, caller.get()).stream().map(this::view).toList();
    }

    private ModeratorView view(NamedModerator named) {
        var m = named.moderator();
        return new ModeratorView(m.userId(), named.displayName(), named.avatarUrl(), m.appointedBy(),
                clocks.format(m.appointedAt()));
    }

    private SanctionView view(NamedSanction named) {
        var s = named.sanction();
        return new SanctionView(s.userId(), named.displayName(), s.kind().name().toLowerCase(),
                s.until() == null ? null : clocks.format(s.until()), s.reason(), s.imposedBy(), clocks.format(s.imposedAt()));
    }

    private AuditView view(AuditEntry a) {
        JsonObject detail;
        try (var reader = Json.createReader(new StringReader(a.detail()))) {
            detail = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            detail = Json.createObjectBuilder().add("text", a.detail()).build();
        }
        return new AuditView(a.id(), a.action(), a.actorId(), a.actorName(), a.targetUser(), a.targetItem(), detail,
                clocks.format(a.createdAt()));
    }

    /** A reason as it is kept: without the spaces around it, and none when it is blank. */
    private static String keptReason(String given) {
        return given == null || given.isBlank() ? null : given.strip();
    }

    /** {@code {seconds, reason?}}: a mute of 1 s to 30 days. */
    public record MuteOrder(
            @NotNull(message = "is required: how long the mute lasts, a whole number")
            @Min(value = 1, message = "must be between 1 and " + Moderation.MAX_MUTE_SECONDS)
            @Max(value = Moderation.MAX_MUTE_SECONDS, message = "must be between 1 and " + Moderation.MAX_MUTE_SECONDS)
            @JsonbTypeDeserializer(WholeNumber.class) Long seconds,
            @Size(max = Sanction.MAX_REASON, message = "must be at most " + Sanction.MAX_REASON + " characters")
            @JsonbTypeDeserializer(StrictText.class) String reason) {

        public MuteOrder {
            reason = keptReason(reason);
        }
    }

    /** {@code {reason?}}. */
    public record BanOrder(
            @Size(max = Sanction.MAX_REASON, message = "must be at most " + Sanction.MAX_REASON + " characters")
            @JsonbTypeDeserializer(StrictText.class) String reason) {

        public BanOrder {
            reason = keptReason(reason);
        }
    }

    public record ModeratorView(long userId, String displayName, String avatarUrl, long appointedBy, String appointedAt) {
    }

    public record SanctionView(long userId, String displayName, String kind, String until, String reason, long imposedBy,
                               String imposedAt) {
    }

    public record DeletedItem(long stream, long id, long seq, String type) {
    }

    public record Removed(long stream, long userId) {
    }

    public record AuditView(long id, String action, long actorId, String actorName, Long targetUser, Long targetItem,
                            JsonObject detail, String createdAt) {
    }

    public record AuditPage(List<AuditView> items, int page, int resultsPerPage, long total) {
    }
}
