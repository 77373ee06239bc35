package com.liveroom.likes.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * A room's like total as last persisted. It only ever rises: several servers write the total each knows, and the
 * highest one stands ({@link #RAISE} changes the row only when the new total is higher).
 */
@Entity
@Table(name = "stream_likes")
@NamedQuery(name = LikeTotal.RAISE, query = "update LikeTotal l set l.total = :total, l.updatedAt = :now "
        + "where l.streamId = :stream and l.total < :total")
public class LikeTotal {

    public static final String RAISE = "LikeTotal.raise";

    @Id
    @Column(name = "stream_id")
    private long streamId;

    @Column(name = "total", nullable = false)
    private long total;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected LikeTotal() {
    }

    public LikeTotal(long streamId, long total, Instant now) {
        if (total < 0) {
            throw new IllegalArgumentException("a like total is never negative: " + total);
        }
        this.streamId = streamId;
        this.total = total;
        this.updatedAt = Objects.requireNonNull(now);
    }

    public long streamId() {
        return streamId;
    }

    public long total() {
        return total;
    }
}
