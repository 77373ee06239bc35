package com.liveroom.questions.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One user's vote for one question. The key makes a second vote by the same user impossible. */
@Entity
@Table(name = "question_votes")
@IdClass(Vote.Key.class)
@NamedQuery(name = Vote.AMONG, query = "select v.questionId from Vote v where v.userId = :user and v.questionId in :questions")
public class Vote {

    public static final String AMONG = "Vote.among";

    @Id
    @Column(name = "question_id")
    private long questionId;

    @Id
    @Column(name = "user_id")
    private long userId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Vote() {
    }

    public Vote(long questionId, long userId, Instant now) {
        this.questionId = questionId;
        this.userId = userId;
        this.createdAt = Objects.requireNonNull(now);
    }

    public long questionId() {
        return questionId;
    }

    public long userId() {
        return userId;
    }

    /** The key of a vote. A class with a no-argument constructor and settable fields, as JPA builds it. */
    public static class Key implements Serializable {

        private long questionId;
        private long userId;

        public Key() {
        }

        public Key(long questionId, long userId) {
            this.questionId = questionId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.questionId == questionId && key.userId == userId;
        }

        @Override
        public int hashCode() {
            return Objects.hash(questionId, userId);
        }
    }
}
