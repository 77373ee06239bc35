-- History without scanning a room. H2 reads an index in its own order only, and keeps to it for ORDER BY only
-- when the ORDER BY names the index's columns from the first: a page or a before= read is a bounded run of seqs
-- (History works out both ends), and the pages of one type, which skip rows, get their index in newest-first order.
DROP INDEX chat_items_by_type;
CREATE INDEX chat_items_by_type ON chat_items (stream_id DESC, item_type DESC, seq DESC);
-- a page's place is worked out from the room's last seq and its deleted items, found here without the others
CREATE INDEX chat_items_deleted ON chat_items (stream_id, deleted_at);
