-- A room's own chat budget: viewer messages a second to each member (0: no limit). Null: the server's default
-- (liveroom.delivery.chat-budget).
ALTER TABLE streams ADD COLUMN chat_budget INTEGER;
