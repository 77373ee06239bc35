-- History pages by position, not by OFFSET: a page's place is worked out from the room's last seq and its deleted
-- items, which this index finds without reading the room's other items.
CREATE INDEX chat_items_deleted ON chat_items (stream_id, deleted_at);
