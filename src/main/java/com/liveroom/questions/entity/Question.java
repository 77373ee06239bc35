package com.liveroom.questions.entity;

import com.liveroom.identity.entity.Caller;
import com.liveroom.rooms.entity.Stream;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * A viewer's question to the host of a stream: its state, its votes, and the host's answer once there is one.
 * The asker is always recorded; an anonymous question only hides them from the room (see {@link #shownAsker}).
 */
@Entity
@Table(name = "questions")
@NamedQueries({
    @NamedQuery(name = Question.BY_VOTES, query = "select q from Question q where q.streamId = :stream and q.status in :states order by q.votes desc, q.createdAt, q.id"),
    @NamedQuery(name = Question.NEWEST, query = "select q from Question q where q.streamId = :stream and q.status in :states order by q.createdAt desc, q.id desc"),
    @NamedQuery(name = Question.OLDEST, query = "select q from Question q where q.streamId = :stream and q.status in :states order by q.createdAt, q.id"),
    @NamedQuery(name = Question.COUNT, query = "select count(q) from Question q where q.streamId = :stream and q.status in :states"),
    @NamedQuery(name = Question.VOTES, query = "select q.votes from Question q where q.id = :id")
})
public class Question {

    public static final String BY_VOTES = "Question.byVotes";
    public static final String NEWEST = "Question.newest";
    public static final String OLDEST = "Question.oldest";
    public static final String COUNT = "Question.count";
    public static final String VOTES = "Question.votes";
    public static final int MAX_TEXT = 2000;

    @Id
    @SequenceGenerator(name = "question_ids", sequenceName = "question_ids", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "question_ids")
    @Column(name = "id")
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "stream_id", nullable = false)
    private Stream stream;

    @Column(name = "stream_id", insertable = false, updatable = false)
    private long streamId;

    @Column(name = "asker_id", nullable = false)
    private long askerId;

    @Column(name = "asker_name", nullable = false, length = 64)
    private String askerName;

    @Column(name = "asker_avatar", length = 512)
    private String askerAvatar;

    @Column(name = "anonymous", nullable = false)
    private boolean anonymous;

    @Column(name = "content", nullable = false, length = MAX_TEXT)
    private String content;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private QuestionStatus status;

    @Column(name = "votes", nullable = false)
    private int votes;

    @Column(name = "answer", length = MAX_TEXT)
    private String answer;

    @Column(name = "answered_by")
    private Long answeredBy;

    @Column(name = "answered_at")
    private Instant answeredAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Question() {
    }

    /**
     * A new question: {@code held} for review ({@code PENDING}) or straight away {@code OPEN}.
     */
    public Question(Stream stream, Caller asker, String content, boolean anonymous, boolean held, Instant now) {
        if (content == null || content.isBlank()) {
            throw new IllegalArgumentException("a question needs content");
        }
        this.stream = Objects.requireNonNull(stream);
        this.streamId = stream.id();
        this.askerId = asker.id();
        this.askerName = asker.displayName();
        this.askerAvatar = asker.avatarUrl();
        this.anonymous = anonymous;
        this.content = content;
        this.status = held ? QuestionStatus.PENDING : QuestionStatus.OPEN;
        this.createdAt = Objects.requireNonNull(now);
    }

    /** A held question goes to the room. */
    public void approve() {
        require(status.mayBeApproved(), "approved");
        this.status = QuestionStatus.OPEN;
    }

    /**
     * Records the host's answer; answering again corrects the earlier answer.
     *
     * @return whether this corrects an earlier answer
     */
    public boolean answer(String text, long by, Instant now) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an answer needs text");
        }
        require(status.mayBeAnswered(), "answered");
        boolean correcting = status == QuestionStatus.ANSWERED;
        this.answer = text;
        this.answeredBy = by;
        this.answeredAt = Objects.requireNonNull(now);
        this.status = QuestionStatus.ANSWERED;
        return correcting;
    }

    public void dismiss() {
        require(status.mayBeDismissed(), "dismissed");
        this.status = QuestionStatus.DISMISSED;
    }

    /** Counts a new vote; the votes themselves are {@link Vote}s. */
    public void addVote(Vote vote) {
        requireVotable(vote);
        votes++;
    }

    /** Stops counting a vote that is taken back. */
    public void takeBackVote(Vote vote) {
        requireVotable(vote);
        votes--;
    }

    private void requireVotable(Vote vote) {
        if (vote.questionId() != id) {
            throw new IllegalArgumentException("a vote for question " + vote.questionId() + " counted on " + id);
        }
        require(status.takesVotes(), "voted on");
    }

    private void require(boolean allowed, String step) {
        if (!allowed) {
            throw new IllegalStateException("question " + id + " is " + status.wire() + " and cannot be " + step);
        }
    }

    /** The asker as recorded, whom the host and moderators see. */
    public Caller asker() {
        return new Caller(askerId, askerName, askerAvatar);
    }

    /** Who the room sees as the asker: the asker, or the given stand-in when the question is anonymous. */
    public Caller shownAsker(Caller anonymousStandIn) {
        return anonymous ? anonymousStandIn : asker();
    }

    public boolean isAskedBy(long userId) {
        return askerId == userId;
    }

    public Long id() {
        return id;
    }

    public long streamId() {
        return streamId;
    }

    public boolean isAnonymous() {
        return anonymous;
    }

    public String content() {
        return content;
    }

    public QuestionStatus status() {
        return status;
    }

    public int votes() {
        return votes;
    }

    public String answer() {
        return answer;
    }

    public Instant answeredAt() {
        return answeredAt;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
