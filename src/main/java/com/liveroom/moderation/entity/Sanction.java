package com.liveroom.moderation.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A mute (until a time) or a ban (until lifted) of one user in one room. The row is the truth: lifting it
 * deletes it, and a mute whose time has passed counts for nothing even before anyone deletes it.
 */
@Entity
@Table(name = "sanctions")
@IdClass(Sanction.Key.class)
@NamedQueries({
    @NamedQuery(name = Sanction.IN_FORCE, query = "select s from Sanction s where s.streamId = :stream"
            + " and (s.until is null or s.until > :now) order by s.imposedAt"),
    @NamedQuery(name = Sanction.IN_FORCE_OF_KIND, query = "select s from Sanction s where s.streamId = :stream"
            + " and s.kind = :kind and (s.until is null or s.until > :now) order by s.imposedAt")
})
public class Sanction {

    public static final String IN_FORCE = "Sanction.inForce";
    public static final String IN_FORCE_OF_KIND = "Sanction.inForceOfKind";
    public static final int MAX_REASON = 200;

    public enum Kind {
        MUTE, BAN
    }

    @Id
    @Column(name = "stream_id")
    private long streamId;

    @Id
    @Column(name = "user_id")
    private long userId;

    @Id
    @Enumerated(EnumType.STRING)
    @Column(name = "kind", length = 8)
    private Kind kind;

    @Column(name = "until_at")
    private Instant until;

    @Column(name = "reason", length = MAX_REASON)
    private String reason;

    @Column(name = "imposed_by", nullable = false)
    private long imposedBy;

    @Column(name = "imposed_at", nullable = false)
    private Instant imposedAt;

    protected Sanction() {
    }

    public Sanction(long streamId, long userId, Kind kind, Instant until, String reason, long imposedBy, Instant now) {
        if ((kind == Kind.MUTE) != (until != null)) {
            throw new IllegalArgumentException("a mute has an end and a ban has none");
        }
        this.streamId = streamId;
        this.userId = userId;
        this.kind = kind;
        this.until = until;
        this.reason = reason;
        this.imposedBy = imposedBy;
        this.imposedAt = Objects.requireNonNull(now);
    }

    /** Imposes it again: a new end (for a mute), reason and author. */
    public void renew(Instant until, String reason, long imposedBy, Instant now) {
        this.until = until;
        this.reason = reason;
        this.imposedBy = imposedBy;
        this.imposedAt = now;
    }

    public boolean inForce(Instant now) {
        return until == null || until.isAfter(now);
    }

    public long streamId() {
        return streamId;
    }

    public long userId() {
        return userId;
    }

    public Kind kind() {
        return kind;
    }

    /** When a mute ends; null for a ban. */
    public Instant until() {
        return until;
    }

    public String reason() {
        return reason;
    }

    public long imposedBy() {
        return imposedBy;
    }

    public Instant imposedAt() {
        return imposedAt;
    }

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private long streamId;
        private long userId;
        private Kind kind;

        public Key() {
        }

        public Key(long streamId, long userId, Kind kind) {
            this.streamId = streamId;
            this.userId = userId;
            this.kind = kind;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.streamId == streamId && k.userId == userId && k.kind == kind;
        }

        @Override
        public int hashCode() {
            return Objects.hash(streamId, userId, kind);
        }
    }
}
