package com.liveroom.questions.entity;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a question stands. A room that holds questions for review keeps new ones {@code PENDING} until the
 * host or a moderator approves ({@code OPEN}) or dismisses them; an open question is answered or dismissed;
 * an answered one can have its answer corrected. Viewers only ever see {@code OPEN} and {@code ANSWERED}.
 * The rules of which step is allowed from where live here, so the entity and the callers that check before
 * asking it agree.
 */
public enum QuestionStatus {
    PENDING,
    OPEN,
    ANSWERED,
    DISMISSED;

    /** The word clients use: {@code pending}, {@code open}, {@code answered}, {@code dismissed}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<QuestionStatus> fromWire(String word) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(word)).findFirst();
    }

    /** Whether viewers see questions in this state, in the room and in listings. */
    public boolean isPublic() {
        return this == OPEN || this == ANSWERED;
    }

    /** The states viewers see, as a new set. */
    public static Set<QuestionStatus> publicStates() {
        Set<QuestionStatus> states = EnumSet.noneOf(QuestionStatus.class);
        Arrays.stream(values()).filter(QuestionStatus::isPublic).forEach(states::add);
        return states;
    }

    public boolean mayBeApproved() {
        return this == PENDING;
    }

    /** Answering an answered question corrects its answer. */
    public boolean mayBeAnswered() {
        return this == OPEN || this == ANSWERED;
    }

    public boolean mayBeDismissed() {
        return this == PENDING || this == OPEN;
    }

    /** Votes are given and taken back while a question waits for its answer. */
    public boolean takesVotes() {
        return this == OPEN;
    }

    public boolean mayBeHighlighted() {
        return isPublic();
    }
}
