package com.liveroom.identity.entity;

import java.security.Principal;

/**
 * Who is calling, exactly as their token says. Chat items take the author's name and avatar from here,
 * never from what the client puts in a frame.
 */
public record Caller(long id, String displayName, String avatarUrl) implements Principal {

    @Override
    public String getName() {
        return Long.toString(id);
    }
}
