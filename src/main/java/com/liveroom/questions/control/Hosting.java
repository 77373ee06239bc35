package com.liveroom.questions.control;

import com.liveroom.chat.control.ContentRules;
import com.liveroom.chat.control.Posting;
import com.liveroom.identity.entity.Caller;
import com.liveroom.moderation.control.Roles;
import com.liveroom.platform.control.Refusal;
import com.liveroom.questions.control.QuestionEvents.Highlight;
import com.liveroom.questions.control.QuestionEvents.QuestionSettings;
import com.liveroom.questions.entity.Question;
import com.liveroom.rooms.entity.Stream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What the host and its moderators do on the board: review held questions, answer, dismiss, highlight, and change
 * the room's question settings. Steps that show something in the chat (an approved question, an answer) reach the
 * room through the chat writer like any message; the board's own events follow them. Every refusal comes before
 * anything is stored.
 */
@ApplicationScoped
public class Hosting {

    @Inject
    Roles roles;

    @Inject
    ContentRules rules;

    @Inject
    Questions questions;

    @Inject
    Boards boards;

    @Inject
    Posting posting;

    @Inject
    AnonymousAsker anonymous;

    @Inject
    QuestionViews views;

    @Inject
    QuestionEvents events;

    /** Answers an open question, or corrects the answer of an answered one. */
    public QuestionView answer(long questionId, Caller host, String text) {
        Question question = questions.existing(questionId);
        Stream stream = roles.requireModerator(question.streamId(), host, "answer questions");
        String answer = rules.accept(text, "the answer");
        if (!question.status().mayBeAnswered()) {
            throw Questions.conflict(question, "answered");
        }
        posting.store(new Answer(stream.id(), questionId, host.id(), answer, anonymous.standIn()));
        return changed(questionId, host);
    }

    /** Lets a held question into the room. */
    public QuestionView approve(long questionId, Caller moderator) {
        Question question = questions.existing(questionId);
        Stream stream = roles.requireModerator(question.streamId(), moderator, "approve questions");
        if (!question.status().mayBeApproved()) {
            throw Questions.conflict(question, "approved");
        }
        posting.store(new Approval(stream.id(), questionId, anonymous.standIn()));
        return changed(questionId, moderator);
    }

    /**
     * Dismisses a held or open question. The room hears of it only if it had seen the question; a held one is
     * reported to the host and moderators alone.
     */
    public QuestionView dismiss(long questionId, Caller moderator) {
        Question question = questions.existing(questionId);
        Stream stream = roles.requireModerator(question.streamId(), moderator, "dismiss questions");
        Questions.Dismissal dismissal = questions.dismiss(question.streamId(), questionId);
        if (dismissal.wasPublic()) {
            events.changed(views.forRoom(dismissal.question()));
        } else {
            events.held(stream, views.forModerators(dismissal.question()));
        }
        if (dismissal.unhighlighted()) {
            events.highlight(question.streamId(), null);
        }
        return views.forReader(dismissal.question(), moderator.id(), true, null);
    }

    /** Shows one question to everyone, in place of the one highlighted before. */
    public Highlight highlight(long questionId, Caller moderator) {
        Question question = questions.existing(questionId);
        roles.requireModerator(question.streamId(), moderator, "highlight questions");
        Boards.Highlighting highlighting = boards.highlight(question.streamId(), questionId);
        if (highlighting.changed()) {
            events.highlight(question.streamId(), views.forRoom(highlighting.question()));
        }
        return new Highlight(question.streamId(), views.forReader(highlighting.question(), moderator.id(), true, null));
    }

    public Highlight clearHighlight(long streamId, Caller moderator) {
        roles.requireModerator(streamId, moderator, "clear the highlight");
        if (boards.clearHighlight(streamId)) {
            events.highlight(streamId, null);
        }
        return new Highlight(streamId, null);
    }

    /** Changes the settings given; a {@code null} leaves that one as it is, but one of them must be given. */
    public QuestionSettings changeSettings(long streamId, Caller moderator, Boolean holdForReview,
                                           Boolean allowAnonymous) {
        roles.requireModerator(streamId, moderator, "change the room's question settings");
        if (holdForReview == null && allowAnonymous == null) {
            throw Refusal.badRequest("give holdForReview or allowAnonymous (true or false)");
        }
        Boards.Setting setting = boards.change(streamId, holdForReview, allowAnonymous);
        var settings = QuestionSettings.of(setting.board());
        if (setting.changed()) {
            events.settings(settings);
        }
        return settings;
    }

    /** After a step that went through the chat writer: tells the room, and answers with the question as it is now. */
    private QuestionView changed(long questionId, Caller moderator) {
        Question question = questions.existing(questionId);
        events.changed(views.forRoom(question));
        return views.forReader(question, moderator.id(), true, null);
    }
}
