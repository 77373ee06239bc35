package com.liveroom.questions.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.platform.control.Refusal;
import com.liveroom.questions.entity.Question;
import com.liveroom.questions.entity.QuestionBoard;
import com.liveroom.questions.entity.QuestionStatus;
import com.liveroom.rooms.entity.Stream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Finds questions, and changes them where no chat item is involved: holding a new one for review, dismissing.
 * Steps that post an item (asking straight into the room, approving, answering) go through the chat writer
 * as {@link Ask}, {@link Approval} and {@link Answer}.
 * <p>
 * Locks, always in this order: the stream's row (the writer holds it for every post; here it also serialises
 * changes to the room's {@link QuestionBoard}), then the question's row (votes take only that one).
 */
@ApplicationScoped
public class Questions {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    public Question existing(long id) {
        Question question = em.find(Question.class, id);
        if (question == null) {
            throw Refusal.notFound("no question " + id);
        }
        return question;
    }

    /** A new question that waits for the host or a moderator; the room learns of it only once it is approved. */
    @Transactional
    public Question hold(long streamId, Caller asker, String content, boolean anonymous) {
        Stream stream = em.find(Stream.class, streamId);
        if (stream == null) {
            throw Refusal.notFound("no stream " + streamId);
        }
        var question = new Question(stream, asker, content, anonymous, true, clock.instant());
        em.persist(question);
        return question;
    }

    /** Dismisses a held or open question; a dismissed question loses the room's highlight. */
    @Transactional
    public Dismissal dismiss(long streamId, long questionId) {
        lockStream(em, streamId);
        Question question = lock(em, streamId, questionId);
        if (!question.status().mayBeDismissed()) {
            throw conflict(question, "dismissed");
        }
        boolean wasPublic = question.status().isPublic();
        question.dismiss();
        QuestionBoard board = em.find(QuestionBoard.class, streamId);
        boolean unhighlighted = board != null && board.clearHighlightOf(questionId);
        return new Dismissal(question, wasPublic, unhighlighted);
    }

    public Listing list(long streamId, Set<QuestionStatus> states, QuestionOrder order, int page, int perPage) {
        List<Question> found = em.createNamedQuery(order.query(), Question.class)
                .setParameter("stream", streamId)
                .setParameter("states", states)
                .setFirstResult((page - 1) * perPage)
                .setMaxResults(perPage)
                .getResultList();
        long total = em.createNamedQuery(Question.COUNT, Long.class)
                .setParameter("stream", streamId)
                .setParameter("states", states)
                .getSingleResult();
        return new Listing(found, total);
    }

    /**
     * The question's vote count as last committed. In a transaction of its own: it is read on the vote ticker's
     * long-lived thread, where an entity manager outside a transaction would never be closed.
     */
    @Transactional
    public int votes(long questionId) {
        return em.createNamedQuery(Question.VOTES, Integer.class)
                .setParameter("id", questionId)
                .getResultStream()
                .findFirst()
                .orElse(0);
    }

    static Stream lockStream(EntityManager em, long streamId) {
        Stream stream = em.find(Stream.class, streamId, LockModeType.PESSIMISTIC_WRITE);
        if (stream == null) {
            throw Refusal.notFound("no stream " + streamId);
        }
        return stream;
    }

    /** The question, read and locked for this transaction; 404 when it is not a question of that stream. */
    static Question lock(EntityManager em, long streamId, long questionId) {
        Question question = em.find(Question.class, questionId, LockModeType.PESSIMISTIC_WRITE);
        if (question == null || question.streamId() != streamId) {
            throw Refusal.notFound("no question " + questionId + " in stream " + streamId);
        }
        return question;
    }

    /** 409: the question is not in a state that allows the step. */
    public static Refusal conflict(Question question, String step) {
        return new Refusal(Refusal.CONFLICT, "question " + question.id() + " is " + question.status().wire()
                + " and cannot be " + step);
    }

    /** What a dismissal changed: whether viewers had seen the question, and whether it lost the highlight. */
    public record Dismissal(Question question, boolean wasPublic, boolean unhighlighted) {
    }

    public record Listing(List<Question> questions, long total) {
    }
}
