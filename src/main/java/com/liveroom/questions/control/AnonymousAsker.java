package com.liveroom.questions.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.identity.entity.User;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who the room sees when a question is asked anonymously: a neutral name, no avatar, and user {@value #USER_ID},
 * a row the V4 migration adds so that chat items can name it. No token is ever issued for that user.
 */
@ApplicationScoped
public class AnonymousAsker {

    public static final long USER_ID = 0;

    @Inject
    @ConfigProperty(name = "liveroom.questions.anonymous-name", defaultValue = "Anonymous")
    String name;

    private Caller standIn;

    @PostConstruct
    void init() {
        String shown = name.strip();
        if (shown.isEmpty() || shown.length() > User.MAX_NAME) {
            throw new IllegalStateException("liveroom.questions.anonymous-name must be 1 to " + User.MAX_NAME + " characters");
        }
        // an empty avatar rather than none: the page expects every item to carry avatarurl
        standIn = new Caller(USER_ID, shown, "");
    }

    public Caller standIn() {
        return standIn;
    }
}
