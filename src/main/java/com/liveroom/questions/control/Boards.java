package com.liveroom.questions.control;

import com.liveroom.questions.entity.Question;
import com.liveroom.questions.entity.QuestionBoard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * Each room's question settings and highlight. Every change holds the stream's row lock, so a board is made
 * only once, and a highlight and a dismissal of the same question cannot cross.
 */
@ApplicationScoped
public class Boards {

    @PersistenceContext
    EntityManager em;

    /** The room's board as it stands; a room that never changed anything has the defaults. */
    public QuestionBoard of(long streamId) {
        QuestionBoard board = em.find(QuestionBoard.class, streamId);
        return board == null ? QuestionBoard.defaults(streamId) : board;
    }

    /** Changes the settings given, with the room's row locked: of two identical changes at once, one changes. */
    @Transactional
    public Setting change(long streamId, Boolean holdForReview, Boolean allowAnonymous) {
        QuestionBoard board = locked(streamId);
        return new Setting(board, board.change(holdForReview, allowAnonymous));
    }

    /** Highlights an open or answered question of the room, replacing whichever was highlighted. */
    @Transactional
    public Highlighting highlight(long streamId, long questionId) {
        QuestionBoard board = locked(streamId);
        Question question = Questions.lock(em, streamId, questionId);
        if (!question.status().mayBeHighlighted()) {
            throw Questions.conflict(question, "highlighted");
        }
        return new Highlighting(question, board.highlight(question));
    }

    /** @return whether a question was highlighted */
    @Transactional
    public boolean clearHighlight(long streamId) {
        return locked(streamId).clearHighlight();
    }

    public Optional<Question> highlighted(long streamId) {
        return of(streamId).highlighted().map(id -> em.find(Question.class, id));
    }

    private QuestionBoard locked(long streamId) {
        Questions.lockStream(em, streamId);
        QuestionBoard board = em.find(QuestionBoard.class, streamId);
        if (board == null) {
            board = QuestionBoard.defaults(streamId);
            em.persist(board);
        }
        return board;
    }

    public record Highlighting(Question question, boolean changed) {
    }

    public record Setting(QuestionBoard board, boolean changed) {
    }
}
