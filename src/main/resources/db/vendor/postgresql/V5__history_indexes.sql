-- History without scanning a room. PostgreSQL reads the (stream_id, seq) and (stream_id, item_type, seq) indexes
-- backwards for the newest-first reads; a page's place is worked out from the room's last seq and its deleted
-- items, which this partial index holds alone (and which no query for the items that are not deleted can pick).
CREATE INDEX chat_items_deleted ON chat_items (stream_id, seq) WHERE deleted_at IS NOT NULL;
