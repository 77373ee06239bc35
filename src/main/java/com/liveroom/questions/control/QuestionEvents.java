package com.liveroom.questions.control;

import com.liveroom.questions.entity.QuestionBoard;
import com.liveroom.rooms.control.FrameCodec;
import com.liveroom.rooms.control.RoomCast;
import com.liveroom.rooms.control.RoomEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The question board's socket events (codes 220-229; never 200, which the page takes for a chat item). Each is
 * sent after the change it reports has committed, encoded once, and queued for every member of the room, on this
 * server and on the others of a cluster ({@link RoomCast}). A change that also posts a chat item is reported after
 * that item, which the writer queued first (and, on another server, which the data grid carried first).
 */
@ApplicationScoped
public class QuestionEvents {

    /** A question viewers can see appeared or changed: opened, answered, answer corrected, dismissed. */
    public static final int QUESTION = 220;
    /** A question's vote count, at most once per question per {@code liveroom.questions.vote-push-millis}. */
    public static final int VOTES = 221;
    /** The highlighted question changed, or the highlight was cleared. */
    public static final int HIGHLIGHT = 222;
    /** The room's question settings changed. */
    public static final int SETTINGS = 223;

    @Inject
    RoomCast cast;

    @Inject
    FrameCodec codec;

    /** @param shown the question as the whole room may see it ({@link QuestionViews#forRoom}) */
    public void changed(QuestionView shown) {
        toRoom(shown.streamId(), QUESTION, "question", shown);
    }

    public void votes(long streamId, long questionId, int votes) {
        toRoom(streamId, VOTES, "votes", new VoteCount(streamId, questionId, votes));
    }

    /** @param shown the highlighted question as the whole room may see it, or {@code null} when cleared */
    public void highlight(long streamId, QuestionView shown) {
        toRoom(streamId, HIGHLIGHT, "highlight", new Highlight(streamId, shown));
    }

    public void settings(QuestionSettings settings) {
        toRoom(settings.stream(), SETTINGS, "settings", settings);
    }

    private void toRoom(long streamId, int code, String msg, Object data) {
        cast.send(RoomEvent.toRoom(streamId, codec.event(code, msg, data)));
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
