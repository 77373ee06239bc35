package com.liveroom.rooms.boundary;

import com.liveroom.identity.boundary.Authenticated;
import com.liveroom.identity.boundary.CurrentCaller;
import com.liveroom.platform.boundary.ApiApplication;
import com.liveroom.platform.boundary.Reply;
import com.liveroom.platform.control.Clocks;
import com.liveroom.rooms.control.Audience;
import com.liveroom.rooms.control.Streams;
import com.liveroom.rooms.entity.Stream;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

@Path("streams")
@Tag(name = "streams", description = "live streams: the rooms people chat in")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class StreamsResource {

    @Inject
    Streams streams;

    @Inject
    Audience audience;

    @Inject
    CurrentCaller caller;

    @Inject
    Clocks clocks;

    @POST
    @Authenticated
    @Operation(summary = "Open a stream; the caller becomes its host")
    @SecurityRequirement(name = ApiApplication.TOKEN)
    @APIResponse(responseCode = "200", description = "{code:200, data:StreamView}")
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED)
    public Reply<StreamView> create(@Valid @NotNull NewStream body) {
        Stream stream = streams.create(caller.get(), body.title(), body.orgName(), body.orgLogo());
        return Reply.ok(view(stream));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A stream's view",
            description = "roomNumber is the topic of socket frames; online counts the distinct users in the room on "
                    + "every server; lastSeq is the seq of its newest item, epoch names its history.")
    @APIResponse(responseCode = "200", description = "{code:200, data:StreamView}")
    @APIResponse(responseCode = "404", ref = ApiApplication.NOT_FOUND)
    public Reply<StreamView> get(@PathParam("id") long id) {
        return Reply.ok(view(streams.existing(id)));
    }

    private StreamView view(Stream s) {
        return new StreamView(s.id(), s.roomNumber(), s.title(), s.orgName(), s.orgLogo(), s.hostId(), s.epoch(),
                s.lastSeq(), audience.online(s.id()), clocks.format(s.createdAt()));
    }

    public record NewStream(@NotBlank @Size(max = Stream.MAX_TITLE) String title,
                            @NotBlank @Size(max = Stream.MAX_ORG_NAME) String orgName,
                            @Size(max = Stream.MAX_LOGO) String orgLogo) {
    }

    public record StreamView(long id, String roomNumber, String title, String orgName, String orgLogo, long hostId,
                             String epoch, long lastSeq, int online, String createdAt) {
    }
}
