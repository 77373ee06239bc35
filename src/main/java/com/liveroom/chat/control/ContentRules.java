package com.liveroom.chat.control;

import com.liveroom.platform.control.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** What text may be posted to a room: not empty, and no longer than the length limit (in characters). */
@ApplicationScoped
public class ContentRules {

    @Inject
    @ConfigProperty(name = "liveroom.chat.max-length", defaultValue = "500")
    int maxLength;

    /** The text as it will be stored, or a refusal saying why it cannot be. */
    public String accept(String content, String what) {
        if (content == null || content.isBlank()) {
            throw Refusal.badRequest(what + " is empty");
        }
        String text = content.strip();
        if (text.codePointCount(0, text.length()) > maxLength) {
            throw new Refusal(Refusal.TOO_LARGE, what + " is longer than " + maxLength + " characters");
        }
        return text;
    }
}
