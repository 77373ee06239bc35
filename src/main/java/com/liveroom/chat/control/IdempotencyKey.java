package com.liveroom.chat.control;

/** A client's own id for one of its messages: the same key again is a repeat, not a new message. */
public record IdempotencyKey(long streamId, long userId, String clientMsgId) {
}
