package com.liveroom.identity.boundary;

import com.liveroom.identity.control.Tokens;
import com.liveroom.identity.control.Users;
import com.liveroom.identity.control.WeChatLogin;
import com.liveroom.identity.entity.User;
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

@Path("auth")
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
    public Reply<SignedIn> guest(@Valid @NotNull GuestLogin login) {
        if (!guestEnabled) {
            throw Refusal.forbidden("guest login is turned off on this server");
        }
        return signedIn(users.createGuest(login.displayName(), login.avatarUrl()));
    }

    @POST
    @Path("wechat")
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
