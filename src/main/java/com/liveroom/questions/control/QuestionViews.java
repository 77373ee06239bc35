package com.liveroom.questions.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.platform.control.Clocks;
import com.liveroom.questions.entity.Question;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Makes {@link QuestionView}s, and with them the one rule of anonymity: only the host and moderators see who
 * asked an anonymous question; everyone else, the asker included, sees the stand-in.
 */
@ApplicationScoped
public class QuestionViews {

    @Inject
    Clocks clocks;

    @Inject
    AnonymousAsker anonymous;

    /** As pushed to everyone in the room. */
    public QuestionView forRoom(Question question) {
        return view(question, false, null, null);
    }

    /** As the room's host and moderators see it in an event: the real asker, nothing about one reader. */
    public QuestionView forModerators(Question question) {
        return view(question, true, null, null);
    }

    /** As this reader sees it; {@code voted} is left out when it is {@code null}. */
    public QuestionView forReader(Question question, long readerId, boolean moderator, Boolean voted) {
        return view(question, moderator, question.isAskedBy(readerId), voted);
    }

    private QuestionView view(Question question, boolean moderator, Boolean mine, Boolean voted) {
        Caller shown = moderator ? question.asker() : question.shownAsker(anonymous.standIn());
        var asker = new QuestionView.Asker(question.isAnonymous() && !moderator ? null : shown.id(),
                shown.displayName(), shown.avatarUrl());
        return new QuestionView(question.id(), question.streamId(), question.content(), question.status().wire(),
                question.answer(), question.votes(), question.isAnonymous(), asker, clocks.format(question.createdAt()),
                question.answeredAt() == null ? null : clocks.format(question.answeredAt()), mine, voted);
    }
}
