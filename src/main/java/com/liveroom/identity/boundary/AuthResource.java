package com.liveroom.identity.boundary;

import com.liveroom.identity.control.Tokens;
import com.liveroom.identity.control.Users;
import com.liveroom.identity.control.WeChatLogin;
import com.liveroom.identity.entity.User;
import com.liveroom.platform.boundary.ApiApplication;
import com.liveroom.platform.boundary.ApiError;
import com.liveroom.platform.boundary.Reply;
import com.liveroom.platform.control.Refusal;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("auth")
@Tag(name = "identity", description = "sign in; the token goes in the Authorization header of later calls")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    Users users;

    @Inject
    Tokens tokens;

    @Inject
    WeChatLogin weChat;

    @Inject
    @ConfigProperty(name = "liveroom.auth.guest-enabled", defaultValue = "true")
    boolean guestEnabled;

    @POST
    @Path("guest")
    @Operation(summary = "Sign in as a new guest",
            description = "displayName 1-64 characters. Turned off by liveroom.auth.guest-enabled=false (403).")
    @APIResponse(responseCode = "200", description = "{code:200, data:{token, user:{id, displayName, avatarUrl}}}")
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "403", ref = ApiApplication.FORBIDDEN)
    public Reply<SignedIn> guest(@Valid @NotNull GuestLogin login) {
        if (!guestEnabled) {
            throw Refusal.forbidden("guest login is turned off on this server");
        }
        return signedIn(users.createGuest(login.displayName(), login.avatarUrl()));
    }

    @POST
    @Path("wechat")
    @Operation(summary = "Sign in with a wx.login code",
            description = "The code is exchanged through WeChat's jscode2session; the same openid is always the same "
                    + "user, and a name or avatar given updates it.")
    @APIResponse(responseCode = "200", description = "{code:200, data:{token, user:{id, displayName, avatarUrl}}}")
    @APIResponse(responseCode = "400", ref = ApiApplication.INVALID)
    @APIResponse(responseCode = "401", ref = ApiApplication.UNAUTHORIZED,
            description = "WeChat refused the code")
    @APIResponse(responseCode = "502", description = "WeChat could not be reached",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = ApiError.SCHEMA)))
    @APIResponse(responseCode = "503", description = "no WeChat appid and secret are configured",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = ApiError.SCHEMA)))
    public Reply<SignedIn> weChat(@Valid @NotNull WeChatCode login) {
        String openId = weChat.openIdFor(login.code());
        return signedIn(users.signInWeChat(openId, login.displayName(), login.avatarUrl()));
    }

    private Reply<SignedIn> signedIn(User user) {
        var caller = user.asCaller();
        return Reply.ok(new SignedIn(tokens.issue(caller), new Profile(caller.id(), caller.displayName(), caller.avatarUrl())));
    }

    public record GuestLogin(@NotBlank @Size(max = User.MAX_NAME) String displayName,
                             @Size(max = User.MAX_AVATAR) String avatarUrl) {
    }

    public record WeChatCode(@NotBlank @Size(max = 256) String code,
                             @Size(max = User.MAX_NAME) String displayName,
                             @Size(max = User.MAX_AVATAR) String avatarUrl) {
    }

    public record Profile(long id, String displayName, String avatarUrl) {
    }

    public record SignedIn(String token, Profile user) {
    }
}
