package com.liveroom.identity.boundary;

import com.liveroom.identity.entity.Caller;
import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, set by {@link TokenAuthentication} for {@link Authenticated} resources. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller in this request");
        }
        return caller;
    }
}
