package com.liveroom.polls.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** One option of a poll, at its place ({@code index}, from 0), with the number of votes it has. */
@Entity
@Table(name = "poll_options")
@IdClass(PollOption.Key.class)
@NamedQueries({
    @NamedQuery(name = PollOption.OF_POLLS, query = "select o from PollOption o where o.pollId in :polls order by o.pollId, o.optionIndex"),
    @NamedQuery(name = PollOption.REMOVE, query = "delete from PollOption o where o.pollId = :poll")
})
public class PollOption {

    public static final String OF_POLLS = "PollOption.ofPolls";
    public static final String REMOVE = "PollOption.remove";
    public static final int MAX_LABEL = 100;

    @Id
    @Column(name = "poll_id")
    private long pollId;

    @Id
    @Column(name = "option_index")
    private int optionIndex;

    @Column(name = "label", nullable = false, length = MAX_LABEL)
    private String label;

    @Column(name = "votes", nullable = false)
    private int votes;

    protected PollOption() {
    }

    public PollOption(long pollId, int index, String label) {
        if (label == null || label.isBlank() || label.length() > MAX_LABEL) {
            throw new IllegalArgumentException("an option has 1-" + MAX_LABEL + " characters");
        }
        this.pollId = pollId;
        this.optionIndex = index;
        this.label = label;
    }

    /** One vote more ({@code +1}) or less ({@code -1}). */
    public void count(int change) {
        votes += change;
        if (votes < 0) {
            throw new IllegalStateException("option " + optionIndex + " of poll " + pollId + " would have " + votes + " votes");
        }
    }

    public long pollId() {
        return pollId;
    }

    public int index() {
        return optionIndex;
    }

    public String label() {
        return label;
    }

    public int votes() {
        return votes;
    }

    /** The key of an option. A class with a no-argument constructor and settable fields, as JPA builds it. */
    public static class Key implements Serializable {

        private long pollId;
        private int optionIndex;

        public Key() {
        }

        public Key(long pollId, int index) {
            this.pollId = pollId;
            this.optionIndex = index;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.pollId == pollId && key.optionIndex == optionIndex;
        }

        @Override
        public int hashCode() {
            return Objects.hash(pollId, optionIndex);
        }
    }
}
