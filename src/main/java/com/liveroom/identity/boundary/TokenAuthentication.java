package com.liveroom.identity.boundary;

import com.liveroom.identity.control.Tokens;
import com.liveroom.platform.control.Refusal;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

@Provider
@Authenticated
@Priority(Priorities.AUTHENTICATION)
public class TokenAuthentication implements ContainerRequestFilter {

    @Inject
    Tokens tokens;

    @Inject
    CurrentCaller current;

    @Override
    public void filter(ContainerRequestContext request) {
        String token = Tokens.fromAuthorization(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .orElseThrow(() -> Refusal.unauthorized("an Authorization token is required"));
        var verified = tokens.verify(token)
                .orElseThrow(() -> Refusal.unauthorized("the token is invalid or has expired"));
        current.set(verified.caller());
    }
}
