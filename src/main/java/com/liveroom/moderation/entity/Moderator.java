package com.liveroom.moderation.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A user the stream's host has appointed to run the room with it. */
@Entity
@Table(name = "moderators")
@IdClass(Moderator.Key.class)
@NamedQuery(name = Moderator.OF_STREAM, query = "select m from Moderator m where m.streamId = :stream order by m.appointedAt")
public class Moderator {

    public static final String OF_STREAM = "Moderator.ofStream";

    @Id
    @Column(name = "stream_id")
    private long streamId;

    @Id
    @Column(name = "user_id")
    private long userId;

    @Column(name = "appointed_by", nullable = false)
    private long appointedBy;

    @Column(name = "appointed_at", nullable = false)
    private Instant appointedAt;

    protected Moderator() {
    }

    public Moderator(long streamId, long userId, long appointedBy, Instant appointedAt) {
        this.streamId = streamId;
        this.userId = userId;
        this.appointedBy = appointedBy;
        this.appointedAt = Objects.requireNonNull(appointedAt);
    }

    public long streamId() {
        return streamId;
    }

    public long userId() {
        return userId;
    }

    public long appointedBy() {
        return appointedBy;
    }

    public Instant appointedAt() {
        return appointedAt;
    }

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private long streamId;
        private long userId;

        public Key() {
        }

        public Key(long streamId, long userId) {
            this.streamId = streamId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.streamId == streamId && k.userId == userId;
        }

        @Override
        public int hashCode() {
            return Objects.hash(streamId, userId);
        }
    }
}
