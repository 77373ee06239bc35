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
import java.util.Objects;

/**
 * One moderation action: who did what to whom, when, with the particulars in {@code detail} (JSON text).
 * Written in the same transaction as the action, so there is no action without its entry.
 */
@Entity
@Table(name = "audit_log")
@NamedQueries({
    @NamedQuery(name = AuditEntry.NEWEST, query = "select a from AuditEntry a where a.streamId = :stream order by a.createdAt desc, a.id desc"),
    @NamedQuery(name = AuditEntry.COUNT, query = "select count(a) from AuditEntry a where a.streamId = :stream")
})
public class AuditEntry {

    public static final String NEWEST = "AuditEntry.newest";
    public static final String COUNT = "AuditEntry.count";

    @Id
    @SequenceGenerator(name = "audit_ids", sequenceName = "audit_ids", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_ids")
    @Column(name = "id")
    private Long id;

    @Column(name = "stream_id", nullable = false)
    private long streamId;

    @Column(name = "actor_id", nullable = false)
    private long actorId;

    @Column(name = "actor_name", nullable = false, length = 64)
    private String actorName;

    @Column(name = "action", nullable = false, length = 32)
    private String action;

    @Column(name = "target_user")
    private Long targetUser;

    @Column(name = "target_item")
    private Long targetItem;

    @Column(name = "detail", nullable = false, length = 4000)
    private String detail;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected AuditEntry() {
    }

    public AuditEntry(long streamId, long actorId, String actorName, String action, Long targetUser, Long targetItem,
                      String detail, Instant now) {
        this.streamId = streamId;
        this.actorId = actorId;
        this.actorName = actorName;
        this.action = Objects.requireNonNull(action);
        this.targetUser = targetUser;
        this.targetItem = targetItem;
        this.detail = Objects.requireNonNull(detail);
        this.createdAt = Objects.requireNonNull(now);
    }

    public Long id() {
        return id;
    }

    public long streamId() {
        return streamId;
    }

    public long actorId() {
        return actorId;
    }

    public String actorName() {
        return actorName;
    }

    public String action() {
        return action;
    }

    public Long targetUser() {
        return targetUser;
    }

    public Long targetItem() {
        return targetItem;
    }

    public String detail() {
        return detail;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
