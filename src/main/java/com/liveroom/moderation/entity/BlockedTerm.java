package com.liveroom.moderation.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** A term a room does not want in its messages and questions; {@code normalized} is what is matched. */
@Entity
@Table(name = "blocked_terms")
@NamedQueries({
    @NamedQuery(name = BlockedTerm.OF_STREAM, query = "select t from BlockedTerm t where t.streamId = :stream order by t.id"),
    @NamedQuery(name = BlockedTerm.BY_NORMALIZED, query = "select t from BlockedTerm t where t.streamId = :stream and t.normalized = :normalized")
})
public class BlockedTerm {

    public static final String OF_STREAM = "BlockedTerm.ofStream";
    public static final String BY_NORMALIZED = "BlockedTerm.byNormalized";
    public static final int MAX_TERM = 64;

    @Id
    @SequenceGenerator(name = "blocked_term_ids", sequenceName = "blocked_term_ids", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "blocked_term_ids")
    @Column(name = "id")
    private Long id;

    @Column(name = "stream_id", nullable = false)
    private long streamId;

    @Column(name = "term", nullable = false, length = MAX_TERM)
    private String term;

    @Column(name = "normalized", nullable = false, length = 256)
    private String normalized;

    @Column(name = "added_by", nullable = false)
    private long addedBy;

    @Column(name = "added_at", nullable = false)
    private Instant addedAt;

    protected BlockedTerm() {
    }

    public BlockedTerm(long streamId, String term, String normalized, long addedBy, Instant now) {
        this.streamId = streamId;
        this.term = term;
        this.normalized = normalized;
        this.addedBy = addedBy;
        this.addedAt = now;
    }

    public Long id() {
        return id;
    }

    public long streamId() {
        return streamId;
    }

    public String term() {
        return term;
    }

    public String normalized() {
        return normalized;
    }
}
