package com.liveroom.polls.control;

import com.liveroom.platform.control.Refusal;
import com.liveroom.polls.entity.Poll;
import com.liveroom.polls.entity.PollOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a host writes for a poll, checked once: a question of 1-200 characters, 2-10 distinct options of 1-100
 * characters each (surrounding blanks are dropped). In an edit, a {@code null} part stays as it is.
 */
public record PollDraft(String question, List<String> options, Boolean multiple, Boolean anonymous) {

    /** A new poll: question and options are required; choice is single and results named unless said otherwise. */
    public static PollDraft of(String question, List<String> options, Boolean multiple, Boolean anonymous) {
        if (question == null) {
            throw Refusal.badRequest("question is required");
        }
        if (options == null) {
            throw Refusal.badRequest("options are required: 2 to " + Poll.MAX_OPTIONS + " of them");
        }
        return edit(question, options, multiple == null ? Boolean.FALSE : multiple,
                anonymous == null ? Boolean.FALSE : anonymous);
    }

    /** An edit of a draft: at least one part given. */
    public static PollDraft edit(String question, List<String> options, Boolean multiple, Boolean anonymous) {
        if (question == null && options == null && multiple == null && anonymous == null) {
            throw Refusal.badRequest("give question, options, multiple or anonymous");
        }
        return new PollDraft(question == null ? null : question(question), options == null ? null : options(options),
                multiple, anonymous);
    }

    private static String question(String text) {
        String question = text.strip();
        if (question.isEmpty() || question.length() > Poll.MAX_QUESTION) {
            throw Refusal.badRequest("question must have 1 to " + Poll.MAX_QUESTION + " characters");
        }
        return question;
    }

    private static List<String> options(List<String> given) {
        if (given.size() < Poll.MIN_OPTIONS || given.size() > Poll.MAX_OPTIONS) {
            throw Refusal.badRequest("a poll has " + Poll.MIN_OPTIONS + " to " + Poll.MAX_OPTIONS + " options");
        }
        List<String> options = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String text : given) {
            String option = text == null ? "" : text.strip();
            if (option.isEmpty() || option.length() > PollOption.MAX_LABEL) {
                throw Refusal.badRequest("each option must have 1 to " + PollOption.MAX_LABEL + " characters");
            }
            if (!seen.add(option.toLowerCase(Locale.ROOT))) {
                throw Refusal.badRequest("the option \"" + option + "\" is given twice");
            }
            options.add(option);
        }
        return List.copyOf(options);
    }
}
