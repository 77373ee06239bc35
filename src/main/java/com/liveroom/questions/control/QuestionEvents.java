package com.liveroom.questions.control;

import com.liveroom.moderation.control.ModerationStore;
import com.liveroom.moderation.control.NamedModerator;
import com.liveroom.questions.entity.QuestionBoard;
import com.liveroom.rooms.entity.Stream;
import com.liveroom.wire.Frames;
import com.liveroom.wire.WireCodes;
import com.liveroom.rooms.control.RoomEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * The question board's socket events (codes 220-229 of {@link WireCodes}; never 200, which the page takes for a chat
 * item). Each is fired after the change it reports has committed, encoded once, as a {@link RoomEvent}: delivery
 * queues it for the room's members here, and the cluster relays it to the other servers. A change that also posts a chat item is reported after
 * that item, which the writer queued first (and, on another server, which the data grid carried first).
 */
@ApplicationScoped
public class QuestionEvents {

    @Inject
    Event<RoomEvent> told;

    @Inject
    Frames frames;

    @Inject
    ModerationStore moderation;

    /** @param shown the question as the whole room may see it ({@link QuestionViews#forRoom}) */
    public void changed(QuestionView shown) {
        toRoom(shown.streamId(), WireCodes.QUESTION, "question", shown);
    }

    /**
     * A held question appeared, or was dismissed while still held: only the room's host and moderators may know of
     * it, so the frame goes to their sockets in the room alone (each by user, as moderation's events to one user do),
     * with a code of its own that the mini-program page, which knows only 200, passes over.
     *
     * @param shown the question as moderators see it ({@link QuestionViews#forModerators})
     */
    public void held(Stream stream, QuestionView shown) {
        String frame = frames.event(WireCodes.HELD, "held", shown);
        told.fire(RoomEvent.toUser(stream.id(), stream.hostId(), frame));
        for (NamedModerator named : moderation.moderators(stream.id())) {
            told.fire(RoomEvent.toUser(stream.id(), named.moderator().userId(), frame));
        }
    }

    public void votes(long streamId, long questionId, int votes) {
        toRoom(streamId, WireCodes.VOTES, "votes", new VoteCount(streamId, questionId, votes));
    }

    /** @param shown the highlighted question as the whole room may see it, or {@code null} when cleared */
    public void highlight(long streamId, QuestionView shown) {
        toRoom(streamId, WireCodes.HIGHLIGHT, "highlight", new Highlight(streamId, shown));
    }

    public void settings(QuestionSettings settings) {
        toRoom(settings.stream(), WireCodes.QUESTION_SETTINGS, "settings", settings);
    }

    private void toRoom(long streamId, int code, String msg, Object data) {
        told.fire(RoomEvent.toRoom(streamId, frames.event(code, msg, data)));
    }

    public record VoteCount(long stream, long questionId, int votes) {
    }

    /** {@code question} is absent when nothing is highlighted. */
    public record Highlight(long stream, QuestionView question) {
    }

    public record QuestionSettings(long stream, boolean holdForReview, boolean allowAnonymous) {

        public static QuestionSettings of(QuestionBoard board) {
            return new QuestionSettings(board.streamId(), board.holdsForReview(), board.allowsAnonymous());
        }
    }
}
