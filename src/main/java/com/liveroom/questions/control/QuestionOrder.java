package com.liveroom.questions.control;

import com.liveroom.questions.entity.Question;
import java.util.Arrays;
import java.util.Optional;

/** How a listing is sorted: most votes first (older first among equals), newest first, or oldest first. */
public enum QuestionOrder {
    VOTES("votes", Question.BY_VOTES),
    NEWEST("newest", Question.NEWEST),
    OLDEST("oldest", Question.OLDEST);

    private final String wire;
    private final String query;

    QuestionOrder(String wire, String query) {
        this.wire = wire;
        this.query = query;
    }

    public String wire() {
        return wire;
    }

    String query() {
        return query;
    }

    public static Optional<QuestionOrder> fromWire(String word) {
        return Arrays.stream(values()).filter(o -> o.wire.equals(word)).findFirst();
    }
}
