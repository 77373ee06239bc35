-- A room's deleted items, by seq, apart from the items: a page's place is worked out from them. An index on the
-- items for this would hold an entry for every item, deleted or not, on a database without partial indexes (H2),
-- and cost every insert; a deletion now writes its row here in the same transaction.
CREATE TABLE chat_item_deletions (
    stream_id BIGINT NOT NULL,
    seq       BIGINT NOT NULL,
    PRIMARY KEY (stream_id, seq)
);
INSERT INTO chat_item_deletions (stream_id, seq) SELECT stream_id, seq FROM chat_items WHERE deleted_at IS NOT NULL;
DROP INDEX chat_items_deleted;
