-- repeats of a client's message are recognised by its clientMsgId
CREATE INDEX chat_items_by_client_msg_id ON chat_items (client_msg_id);
