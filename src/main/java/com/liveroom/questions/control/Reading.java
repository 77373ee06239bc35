package com.liveroom.questions.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.moderation.control.Roles;
import com.liveroom.platform.control.Refusal;
import com.liveroom.questions.control.QuestionEvents.Highlight;
import com.liveroom.questions.control.QuestionEvents.QuestionSettings;
import com.liveroom.questions.entity.Question;
import com.liveroom.questions.entity.QuestionStatus;
import com.liveroom.rooms.control.Streams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a reader may see of the board. Viewers see open and answered questions; the host and moderators see
 * every state, and who asked the anonymous ones ({@link QuestionViews}). Anyone in the room may read the
 * settings: a page shows the anonymous switch only where it works.
 */
@ApplicationScoped
public class Reading {

    @Inject
    Streams streams;

    @Inject
    Roles roles;

    @Inject
    Questions questions;

    @Inject
    Votes votes;

    @Inject
    Boards boards;

    @Inject
    QuestionViews views;

    /**
     * A page of the room's questions in the states {@code asked} (none: every state the reader may see); 403 when a
     * viewer asks for a state only the room's runners see.
     */
    public QuestionPage list(long streamId, Caller reader, Set<QuestionStatus> asked, QuestionOrder order, int page,
                             int perPage) {
        boolean moderator = roles.mayModerate(streams.existing(streamId), reader.id());
        if (!moderator && !asked.stream().allMatch(QuestionStatus::isPublic)) {
            throw Refusal.forbidden("only the stream's host or a moderator may list pending or dismissed questions");
        }
        Set<QuestionStatus> shown = !asked.isEmpty() ? asked
                : moderator ? EnumSet.allOf(QuestionStatus.class) : QuestionStatus.publicStates();
        Questions.Listing listing = questions.list(streamId, shown, order, page, perPage);
        Set<Long> voted = votes.votedAmong(reader.id(), listing.questions().stream().map(Question::id).toList());
        List<QuestionView> items = listing.questions().stream()
                .map(q -> views.forReader(q, reader.id(), moderator, voted.contains(q.id())))
                .toList();
        return new QuestionPage(items, page, perPage, listing.total());
    }

    public Highlight highlighted(long streamId, Caller reader) {
        boolean moderator = roles.mayModerate(streams.existing(streamId), reader.id());
        QuestionView shown = boards.highlighted(streamId)
                .map(q -> views.forReader(q, reader.id(), moderator, votes.voted(reader.id(), q.id())))
                .orElse(null);
        return new Highlight(streamId, shown);
    }

    public QuestionSettings settings(long streamId) {
        streams.existing(streamId);
        return QuestionSettings.of(boards.of(streamId));
    }

    /** A page of questions in the shape of the history's pages; {@code items} in the order asked for. */
    public record QuestionPage(List<QuestionView> items, int page, int resultsPerPage, long total) {
    }
}
