package com.liveroom.rooms.entity;

import com.liveroom.identity.entity.Caller;
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

/**
 * One entry of a room's history: a message, a question or an answer. The author's name and avatar are
 * kept as they were when the item was posted. Items are only ever made by {@link Stream#post}.
 */
@Entity
@Table(name = "chat_items")
// every read of a room's items orders by its index's columns from the first (stream, then seq), even with one
// stream: H2 reads an index in its order only when the ORDER BY names them so (see db/vendor/h2/V5)
@NamedQueries({
    @NamedQuery(name = ChatItem.BETWEEN, query = "select i from ChatItem i where i.streamId = :stream and i.seq between :bottom and :top and i.deletedAt is null order by i.streamId desc, i.seq desc"),
    @NamedQuery(name = ChatItem.NEWEST_OF_TYPE, query = "select i from ChatItem i where i.streamId = :stream and i.type = :type and i.deletedAt is null order by i.streamId desc, i.type desc, i.seq desc"),
    @NamedQuery(name = ChatItem.LAST_SEQ, query = "select s.lastSeq from Stream s where s.id = :stream"),
    @NamedQuery(name = ChatItem.COUNT_OF_TYPE, query = "select count(i) from ChatItem i where i.streamId = :stream and i.type = :type and i.deletedAt is null"),
    @NamedQuery(name = ChatItem.AFTER, query = "select i from ChatItem i where i.streamId = :stream and i.seq > :seq and i.deletedAt is null order by i.streamId, i.seq"),
    @NamedQuery(name = ChatItem.BY_CLIENT_MSG_IDS, query = "select i from ChatItem i where i.clientMsgId in :ids and i.createdAt >= :since")
})
public class ChatItem {

    public static final String BETWEEN = "ChatItem.between";
    public static final String NEWEST_OF_TYPE = "ChatItem.newestOfType";
    public static final String LAST_SEQ = "ChatItem.lastSeq";
    public static final String COUNT_OF_TYPE = "ChatItem.countOfType";
    public static final String AFTER = "ChatItem.after";
    public static final String BY_CLIENT_MSG_IDS = "ChatItem.byClientMsgIds";

    @Id
    @SequenceGenerator(name = "chat_item_ids", sequenceName = "chat_item_ids", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "chat_item_ids")
    @Column(name = "id")
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "stream_id", nullable = false)
    private Stream stream;

    @Column(name = "stream_id", insertable = false, updatable = false)
    private long streamId;

    @Column(name = "seq", nullable = false)
    private long seq;

    @Enumerated(EnumType.STRING)
    @Column(name = "item_type", nullable = false, length = 16)
    private ItemType type;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Column(name = "display_name", nullable = false, length = 64)
    private String displayName;

    @Column(name = "avatar_url", length = 512)
    private String avatarUrl;

    @Column(name = "content", nullable = false, length = 16000)
    private String content;

    @Column(name = "question_id")
    private Long questionId;

    @Column(name = "client_msg_id", length = 64)
    private String clientMsgId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    // deletion by a moderator (V3): the row and its seq stay, every history read leaves it out

    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Column(name = "deleted_by")
    private Long deletedBy;

    protected ChatItem() {
    }

    ChatItem(Stream stream, long seq, ItemType type, Caller author, String content, Long questionId,
             String clientMsgId, Instant createdAt) {
        if (content == null) {
            throw new IllegalArgumentException("a chat item needs content");
        }
        this.stream = stream;
        this.streamId = stream.id();
        this.seq = seq;
        this.type = type;
        this.userId = author.id();
        this.displayName = author.displayName();
        this.avatarUrl = author.avatarUrl();
        this.content = content;
        this.questionId = questionId;
        this.clientMsgId = clientMsgId;
        this.createdAt = createdAt;
    }

    public Long id() {
        return id;
    }

    public long streamId() {
        return streamId;
    }

    /** The epoch of the room's history this item belongs to. */
    public String epoch() {
        return stream.epoch();
    }

    public long seq() {
        return seq;
    }

    public ItemType type() {
        return type;
    }

    public long userId() {
        return userId;
    }

    public String displayName() {
        return displayName;
    }

    public String avatarUrl() {
        return avatarUrl;
    }

    public String content() {
        return content;
    }

    public Long questionId() {
        return questionId;
    }

    public String clientMsgId() {
        return clientMsgId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    // deletion by a moderator (V3)

    public boolean isDeleted() {
        return deletedAt != null;
    }

    /**
     * Takes the item out of the room's history; its {@code seq} stays taken, so the room's numbering has a hole.
     *
     * @return the record of the deletion, for the caller to persist in the same transaction
     */
    public ItemDeletion delete(long byUserId, Instant now) {
        this.deletedAt = now;
        this.deletedBy = byUserId;
        return new ItemDeletion(streamId, seq);
    }
}
