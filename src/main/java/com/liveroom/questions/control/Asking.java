package com.liveroom.questions.control;

import com.liveroom.chat.control.ContentRules;
import com.liveroom.chat.control.Posting;
import com.liveroom.identity.entity.Caller;
import com.liveroom.limits.control.Limits;
import com.liveroom.moderation.control.Moderation;
import com.liveroom.moderation.control.Roles;
import com.liveroom.platform.control.Refusal;
import com.liveroom.questions.entity.Question;
import com.liveroom.questions.entity.QuestionBoard;
import com.liveroom.rooms.control.Streams;
import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.rooms.entity.Stream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What a viewer does on the board: asks, and votes. A question passes the room's rules as a chat message does,
 * then goes straight into the room or is held for review, as the room's board says; it is anonymous only where
 * the board allows it. Every refusal comes before anything is stored.
 */
@ApplicationScoped
public class Asking {

    @Inject
    ContentRules rules;

    @Inject
    Streams streams;

    @Inject
    Limits limits;

    @Inject
    Moderation moderation;

    @Inject
    Roles roles;

    @Inject
    Boards boards;

    @Inject
    Questions questions;

    @Inject
    Votes votes;

    @Inject
    Posting posting;

    @Inject
    AnonymousAsker anonymous;

    @Inject
    QuestionViews views;

    @Inject
    QuestionEvents events;

    @Inject
    VoteTicker ticker;

    /** The question as its asker sees it. */
    public QuestionView ask(long streamId, Caller asker, String text, boolean anonymously) {
        String content = rules.accept(text, "the question");
        Stream stream = streams.existing(streamId);
        limits.question(asker.id());
        content = moderation.admit(streamId, asker, content, Moderation.Speech.QUESTION);
        QuestionBoard board = boards.of(streamId);
        if (anonymously && !board.allowsAnonymous()) {
            throw Refusal.forbidden("this room does not take anonymous questions");
        }
        Question question;
        if (board.holdsForReview()) {
            question = questions.hold(streamId, asker, content, anonymously);
            events.held(stream, views.forModerators(question));
        } else {
            ChatItem item = posting.store(new Ask(streamId, asker, content, anonymously, anonymous.standIn()));
            question = questions.existing(item.questionId());
            events.changed(views.forRoom(question));
        }
        return views.forReader(question, asker.id(), roles.mayModerate(stream, asker.id()), null);
    }

    /** Gives ({@code given}) or takes back a vote; the room hears of the new count shortly. */
    public Votes.Tally vote(long questionId, Caller voter, boolean given) {
        Question question = questions.existing(questionId);
        if (!question.status().isPublic() && !roles.mayModerate(streams.existing(question.streamId()), voter.id())) {
            // a viewer may not learn that a held or dismissed question exists
            throw Refusal.notFound("no question " + questionId);
        }
        Votes.Tally tally = votes.cast(questionId, voter.id(), given);
        if (tally.changed()) {
            ticker.changed(tally.streamId(), questionId);
        }
        return tally;
    }
}
