package com.liveroom.polls.entity;

import com.liveroom.identity.entity.Caller;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * A poll of a room: its question, whether one or several options may be chosen, whether who voted for what stays
 * hidden, its state, and its tally (the number of voters and a version raised by every change of a vote). The
 * options and their counts are {@link PollOption}s, the votes {@link PollVote}s; the tally is changed only with this
 * row locked, together with them.
 */
@Entity
@Table(name = "polls")
@NamedQueries({
    @NamedQuery(name = Poll.OF_STREAM, query = "select p from Poll p where p.streamId = :stream and p.status in :states order by p.createdAt desc, p.id desc"),
    @NamedQuery(name = Poll.COUNT, query = "select count(p) from Poll p where p.streamId = :stream and p.status in :states"),
    @NamedQuery(name = Poll.STREAM_OF, query = "select p.streamId from Poll p where p.id = :id"),
    @NamedQuery(name = Poll.IN_STATE, query = "select p.id from Poll p where p.streamId = :stream and p.status = :status")
})
public class Poll {

    public static final String OF_STREAM = "Poll.ofStream";
    public static final String COUNT = "Poll.count";
    public static final String IN_STATE = "Poll.inState";
    public static final String STREAM_OF = "Poll.streamOf";
    public static final int MAX_QUESTION = 200;
    public static final int MIN_OPTIONS = 2;
    public static final int MAX_OPTIONS = 10;

    @Id
    @SequenceGenerator(name = "poll_ids", sequenceName = "poll_ids", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "poll_ids")
    @Column(name = "id")
    private Long id;

    @Column(name = "stream_id", nullable = false)
    private long streamId;

    @Column(name = "question", nullable = false, length = MAX_QUESTION)
    private String question;

    @Column(name = "multiple", nullable = false)
    private boolean multiple;

    @Column(name = "anonymous", nullable = false)
    private boolean anonymous;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private PollStatus status;

    @Column(name = "voters", nullable = false)
    private int voters;

    @Column(name = "version", nullable = false)
    private long version;

    @Column(name = "created_by", nullable = false)
    private long createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "opened_at")
    private Instant openedAt;

    @Column(name = "closed_at")
    private Instant closedAt;

    protected Poll() {
    }

    public Poll(long streamId, String question, boolean multiple, boolean anonymous, Caller by, Instant now) {
        this.streamId = streamId;
        this.question = requireQuestion(question);
        this.multiple = multiple;
        this.anonymous = anonymous;
        this.status = PollStatus.DRAFT;
        this.createdBy = by.id();
        this.createdAt = Objects.requireNonNull(now);
    }

    /**
     * Changes a draft; a {@code null} leaves that part as it is.
     *
     * @return whether anything is now other than it was
     */
    public boolean edit(String question, Boolean multiple, Boolean anonymous) {
        requireStatus(PollStatus.DRAFT);
        boolean changed = false;
        if (question != null && !question.equals(this.question)) {
            this.question = requireQuestion(question);
            changed = true;
        }
        if (multiple != null && multiple != this.multiple) {
            this.multiple = multiple;
            changed = true;
        }
        if (anonymous != null && anonymous != this.anonymous) {
            this.anonymous = anonymous;
            changed = true;
        }
        return changed;
    }

    /** Draft to open. */
    public void open(Instant now) {
        requireStatus(PollStatus.DRAFT);
        status = PollStatus.OPEN;
        openedAt = now;
    }

    /** Open to closed. */
    public void close(Instant now) {
        requireStatus(PollStatus.OPEN);
        status = PollStatus.CLOSED;
        closedAt = now;
    }

    /**
     * A user's vote changed: {@code voterChange} is +1 for a first vote, -1 for one taken back, 0 for a vote replaced.
     */
    public void tally(int voterChange) {
        requireStatus(PollStatus.OPEN);
        voters += voterChange;
        if (voters < 0) {
            throw new IllegalStateException("poll " + id + " would have " + voters + " voters");
        }
        version++;
    }

    private void requireStatus(PollStatus wanted) {
        if (status != wanted) {
            throw new IllegalStateException("poll " + id + " is " + status.wire() + ", not " + wanted.wire());
        }
    }

    private static String requireQuestion(String question) {
        if (question == null || question.isBlank() || question.length() > MAX_QUESTION) {
            throw new IllegalArgumentException("a poll's question has 1-" + MAX_QUESTION + " characters");
        }
        return question;
    }

    public Long id() {
        return id;
    }

    public long streamId() {
        return streamId;
    }

    public String question() {
        return question;
    }

    public boolean isMultiple() {
        return multiple;
    }

    public boolean isAnonymous() {
        return anonymous;
    }

    public PollStatus status() {
        return status;
    }

    public int voters() {
        return voters;
    }

    public long version() {
        return version;
    }

    public long createdBy() {
        return createdBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Instant closedAt() {
        return closedAt;
    }
}
