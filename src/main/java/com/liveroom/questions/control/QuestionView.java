package com.liveroom.questions.control;

/**
 * A question as one reader sees it, in REST answers and in the room's question events. {@code asker} has no
 * {@code id} when the reader may not know who asked; {@code mine} and {@code voted} are about the reader, so
 * they are absent from what is pushed to the whole room.
 */
public record QuestionView(long id, long streamId, String content, String status, String answer, int votes,
                           boolean anonymous, Asker asker, String createdAt, String answeredAt, Boolean mine,
                           Boolean voted) {

    public record Asker(Long id, String displayName, String avatarUrl) {
    }
}
