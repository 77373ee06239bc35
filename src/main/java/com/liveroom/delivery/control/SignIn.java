package com.liveroom.delivery.control;

import com.liveroom.identity.control.Tokens;
import com.liveroom.identity.entity.Caller;
import com.liveroom.limits.control.Limits;
import com.liveroom.platform.control.Refusal;
import com.liveroom.wire.Frames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason.CloseCodes;
import java.time.Clock;

/**
 * Who sent a frame: the token it brings, or the one its socket already showed. A token is verified once per socket
 * (the same token on later frames needs no second check); signing in counts the socket against its user's limit,
 * and an expired token closes the socket.
 */
@ApplicationScoped
public class SignIn {

    @Inject
    Tokens tokens;

    @Inject
    Limits limits;

    @Inject
    Clock clock;

    @Inject
    SocketCloser closer;

    @Inject
    RoomRegistry registry;

    @Inject
    Frames frames;

    /**
     * @throws Refusal 401 without a valid token; 429 (and the socket closed with 1008) past the per-user limit
     */
    public Caller caller(Member member, String frameToken) {
        var token = Tokens.fromAuthorization(frameToken);
        if (token.isPresent() && !member.knows(token.get())) {
            var verified = tokens.verify(token.get())
                    .orElseThrow(() -> Refusal.unauthorized("the token is invalid or has expired"));
            signIn(member, token.get(), verified);
        }
        var identity = member.identity().orElseThrow(() -> Refusal.unauthorized("sign in first: send a token"));
        if (!identity.expiresAt().isAfter(clock.instant())) {
            closer.close(member, CloseCodes.VIOLATED_POLICY, "the token has expired");
            throw Refusal.unauthorized("the token has expired");
        }
        return identity.caller();
    }

    /** The socket is gone: it no longer counts against its user's limit. */
    public void signOut(Member member) {
        member.identity().ifPresent(identity -> limits.closeSocket(identity.caller().id()));
    }

    private void signIn(Member member, String token, Tokens.Verified verified) {
        long user = verified.caller().id();
        var before = member.identity();
        if (before.map(b -> b.caller().id() != user).orElse(true)) {
            if (!limits.openSocket(user)) {
                var refusal = new Refusal(Refusal.TOO_MANY, "too many connections for this user");
                registry.sendThenClose(member, frames.error(refusal.code(), refusal.getMessage()),
                        CloseCodes.VIOLATED_POLICY, refusal.getMessage());
                throw refusal;
            }
            before.ifPresent(b -> limits.closeSocket(b.caller().id()));
        }
        member.authenticate(token, verified);
    }
}
