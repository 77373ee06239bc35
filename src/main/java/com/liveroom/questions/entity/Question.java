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
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** A viewer's question to the host of a stream, and the host's answer once there is one. */
@Entity
@Table(name = "questions")
public class Question {

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

    @Column(name = "content", nullable = false, length = MAX_TEXT)
    private String content;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private QuestionStatus status;

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

    public Question(Stream stream, Caller asker, String content, Instant now) {
        if (content == null || content.isBlank()) {
            throw new IllegalArgumentException("a question needs content");
        }
        this.stream = Objects.requireNonNull(stream);
        this.streamId = stream.id();
        this.askerId = asker.id();
        this.askerName = asker.displayName();
        this.askerAvatar = asker.avatarUrl();
        this.content = content;
        this.status = QuestionStatus.OPEN;
        this.createdAt = Objects.requireNonNull(now);
    }

    /** Records the host's answer; answering again corrects the earlier answer. */
    public void answer(String text, long by, Instant now) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an answer needs text");
        }
        this.answer = text;
        this.answeredBy = by;
        this.answeredAt = Objects.requireNonNull(now);
        this.status = QuestionStatus.ANSWERED;
    }

    /** The asker, as the answer item shows them: the host replies to this person. */
    public Caller asker() {
        return new Caller(askerId, askerName, askerAvatar);
    }

    public Long id() {
        return id;
    }

    public long streamId() {
        return streamId;
    }

    public String content() {
        return content;
    }

    public QuestionStatus status() {
        return status;
    }

    public String answer() {
        return answer;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
