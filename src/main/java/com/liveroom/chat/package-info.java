/**
 * The write path: the one {@code ChatWriter} thread that numbers and stores posts (chat messages, questions, answers)
 * in group commits ({@code ChatStore}), acks only what is committed, and announces each batch with
 * {@code ItemsCommitted}; the content rules every post passes. It knows nothing of sockets: delivery observes.
 */
package com.liveroom.chat;
