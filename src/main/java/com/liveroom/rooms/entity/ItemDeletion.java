package com.liveroom.rooms.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * That a room's item was deleted, by its seq: what a page's place is worked out from. Kept apart from the items so
 * that finding a room's few deleted ones needs no index entry for every item that is not deleted (H2 has no partial
 * index), and written in the same transaction as the deletion ({@link ChatItem#delete}).
 */
@Entity
@Table(name = "chat_item_deletions")
@IdClass(ItemDeletion.Key.class)
// ordered by the primary key's columns from the first: H2 then reads the key in order (see ChatItem)
@NamedQuery(name = ItemDeletion.SEQS, query = "select d.seq from ItemDeletion d where d.streamId = :stream order by d.streamId desc, d.seq desc")
public class ItemDeletion {

    /** A room's deleted seqs, newest first. */
    public static final String SEQS = "ItemDeletion.seqs";

    @Id
    @Column(name = "stream_id")
    private long streamId;

    @Id
    @Column(name = "seq")
    private long seq;

    protected ItemDeletion() {
    }

    ItemDeletion(long streamId, long seq) {
        this.streamId = streamId;
        this.seq = seq;
    }

    /** The primary key: the room and the seq. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private long streamId;
        private long seq;

        public Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.streamId == streamId && key.seq == seq;
        }

        @Override
        public int hashCode() {
            return Objects.hash(streamId, seq);
        }
    }
}
