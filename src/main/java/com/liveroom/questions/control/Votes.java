package com.liveroom.questions.control;

import com.liveroom.platform.control.Refusal;
import com.liveroom.questions.entity.Question;
import com.liveroom.questions.entity.Vote;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Upvotes: one per user and question, given and taken back while the question is open. Both are idempotent:
 * voting twice counts once, taking back a vote that is not there changes nothing. The question's row lock
 * keeps its count equal to its votes however many users vote at once.
 */
@ApplicationScoped
public class Votes {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Transactional
    public Tally cast(long questionId, long userId, boolean given) {
        Question question = em.find(Question.class, questionId, LockModeType.PESSIMISTIC_WRITE);
        if (question == null) {
            throw Refusal.notFound("no question " + questionId);
        }
        if (!question.status().takesVotes()) {
            throw Questions.conflict(question, "voted on");
        }
        Vote earlier = em.find(Vote.class, new Vote.Key(questionId, userId));
        boolean changed = given == (earlier == null);
        if (changed && given) {
            var vote = new Vote(questionId, userId, clock.instant());
            em.persist(vote);
            question.addVote(vote);
        } else if (changed) {
            question.takeBackVote(earlier);
            em.remove(earlier);
        }
        return new Tally(question.streamId(), questionId, question.votes(), given, changed);
    }

    public boolean voted(long userId, long questionId) {
        return em.find(Vote.class, new Vote.Key(questionId, userId)) != null;
    }

    /** Which of these questions the user has voted for, in one query. */
    public Set<Long> votedAmong(long userId, Collection<Long> questionIds) {
        if (questionIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(em.createNamedQuery(Vote.AMONG, Long.class)
                .setParameter("user", userId)
                .setParameter("questions", questionIds)
                .getResultList());
    }

    /** A question's count after a vote or a take-back, whether the caller now votes for it, and whether this call changed anything. */
    public record Tally(long streamId, long questionId, int votes, boolean voted, boolean changed) {
    }
}
