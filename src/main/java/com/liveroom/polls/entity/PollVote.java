package com.liveroom.polls.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One option a user chose in a poll; a user's vote is its rows of that poll (one in a single-choice poll). The key
 * makes a second row for the same choice impossible.
 */
@Entity
@Table(name = "poll_votes")
@IdClass(PollVote.Key.class)
@NamedQueries({
    @NamedQuery(name = PollVote.OF_USER, query = "select v from PollVote v where v.pollId = :poll and v.userId = :user order by v.optionIndex"),
    @NamedQuery(name = PollVote.MINE_AMONG, query = "select v from PollVote v where v.userId = :user and v.pollId in :polls order by v.pollId, v.optionIndex"),
    @NamedQuery(name = PollVote.VOTERS, query = "select v.optionIndex, u from PollVote v, User u where u.id = v.userId and v.pollId = :poll order by v.optionIndex, v.createdAt, u.id")
})
public class PollVote {

    public static final String OF_USER = "PollVote.ofUser";
    public static final String MINE_AMONG = "PollVote.mineAmong";
    public static final String VOTERS = "PollVote.voters";

    @Id
    @Column(name = "poll_id")
    private long pollId;

    @Id
    @Column(name = "user_id")
    private long userId;

    @Id
    @Column(name = "option_index")
    private int optionIndex;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected PollVote() {
    }

    public PollVote(long pollId, long userId, int index, Instant now) {
        this.pollId = pollId;
        this.userId = userId;
        this.optionIndex = index;
        this.createdAt = Objects.requireNonNull(now);
    }

    public long pollId() {
        return pollId;
    }

    public long userId() {
        return userId;
    }

    public int index() {
        return optionIndex;
    }

    /** The key of a vote's row. A class with a no-argument constructor and settable fields, as JPA builds it. */
    public static class Key implements Serializable {

        private long pollId;
        private long userId;
        private int optionIndex;

        public Key() {
        }

        public Key(long pollId, long userId, int index) {
            this.pollId = pollId;
            this.userId = userId;
            this.optionIndex = index;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.pollId == pollId && key.userId == userId && key.optionIndex == optionIndex;
        }

        @Override
        public int hashCode() {
            return Objects.hash(pollId, userId, optionIndex);
        }
    }
}
