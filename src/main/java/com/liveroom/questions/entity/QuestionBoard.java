package com.liveroom.questions.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Optional;

/**
 * A room's Q&amp;A settings and the one question it highlights. Kept beside the stream rather than on it:
 * a room that never changed anything has no row, and reads as {@link #defaults}.
 */
@Entity
@Table(name = "question_boards")
public class QuestionBoard {

    @Id
    @Column(name = "stream_id")
    private long streamId;

    @Column(name = "hold_for_review", nullable = false)
    private boolean holdForReview;

    @Column(name = "allow_anonymous", nullable = false)
    private boolean allowAnonymous;

    @Column(name = "highlighted_question")
    private Long highlighted;

    protected QuestionBoard() {
    }

    /** New questions go straight to the room, and every asker is named: the behaviour the seed page knows. */
    public static QuestionBoard defaults(long streamId) {
        var board = new QuestionBoard();
        board.streamId = streamId;
        return board;
    }

    /**
     * Changes the settings that are given; a {@code null} leaves that one as it is.
     *
     * @return whether either setting is now other than it was
     */
    public boolean change(Boolean holdForReview, Boolean allowAnonymous) {
        boolean changed = false;
        if (holdForReview != null && holdForReview != this.holdForReview) {
            this.holdForReview = holdForReview;
            changed = true;
        }
        if (allowAnonymous != null && allowAnonymous != this.allowAnonymous) {
            this.allowAnonymous = allowAnonymous;
            changed = true;
        }
        return changed;
    }

    /**
     * Shows this question to everyone, in place of any other.
     *
     * @return whether the highlight changed
     */
    public boolean highlight(Question question) {
        if (question.streamId() != streamId) {
            throw new IllegalArgumentException("question " + question.id() + " is not in stream " + streamId);
        }
        if (!question.status().mayBeHighlighted()) {
            throw new IllegalStateException("a " + question.status().wire() + " question cannot be highlighted");
        }
        boolean changed = !question.id().equals(highlighted);
        highlighted = question.id();
        return changed;
    }

    /** @return whether a question was highlighted */
    public boolean clearHighlight() {
        boolean changed = highlighted != null;
        highlighted = null;
        return changed;
    }

    /** Takes the highlight off this question, if it has it. */
    public boolean clearHighlightOf(long questionId) {
        return Long.valueOf(questionId).equals(highlighted) && clearHighlight();
    }

    public long streamId() {
        return streamId;
    }

    public boolean holdsForReview() {
        return holdForReview;
    }

    public boolean allowsAnonymous() {
        return allowAnonymous;
    }

    public Optional<Long> highlighted() {
        return Optional.ofNullable(highlighted);
    }
}
