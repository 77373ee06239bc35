package com.liveroom.questions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.identity.entity.Caller;
import com.liveroom.identity.entity.User;
import com.liveroom.rooms.entity.Stream;
import java.lang.reflect.Field;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A question's states, votes and anonymity, and the board's one highlight, without a database. */
class QuestionTest {

    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");
    private static final Caller ASKER = new Caller(51, "Mei", "https://example.com/mei.png");
    private static final Caller STAND_IN = new Caller(0, "Anonymous", "");

    private final Stream stream = withId(new Stream("12345678", "Launch", "Acme", null,
            withId(User.guest("Host", null, NOW), 50L), "e", NOW), 7L);
    private long nextId = 100;

    @Test
    void aHeldQuestionIsApprovedOnce() {
        Question question = question(false, true);
        assertEquals(QuestionStatus.PENDING, question.status());
        question.approve();
        assertEquals(QuestionStatus.OPEN, question.status());
        assertThrows(IllegalStateException.class, question::approve);
    }

    @Test
    void aHeldQuestionCannotBeAnsweredOrVotedOnBeforeItIsApproved() {
        Question question = question(false, true);
        assertThrows(IllegalStateException.class, () -> question.answer("early", 1, NOW));
        assertThrows(IllegalStateException.class, () -> question.addVote(new Vote(question.id(), 60, NOW)));
    }

    @Test
    void answeringAgainCorrectsTheAnswer() {
        Question question = question(false, false);
        assertFalse(question.answer("first", 1, NOW), "a first answer is no correction");
        assertTrue(question.answer("second", 1, NOW.plusSeconds(5)));
        assertEquals("second", question.answer());
        assertEquals(NOW.plusSeconds(5), question.answeredAt());
        assertEquals(QuestionStatus.ANSWERED, question.status());
        assertThrows(IllegalStateException.class, question::dismiss);
    }

    @Test
    void dismissedIsFinal() {
        Question held = question(false, true);
        held.dismiss();
        Question open = question(false, false);
        open.dismiss();
        for (Question question : new Question[] {held, open}) {
            assertEquals(QuestionStatus.DISMISSED, question.status());
            assertThrows(IllegalStateException.class, question::approve);
            assertThrows(IllegalStateException.class, () -> question.answer("late", 1, NOW));
            assertThrows(IllegalStateException.class, question::dismiss);
        }
    }

    @Test
    void votesCountWhileOpenOnly() {
        Question question = question(false, false);
        Vote vote = new Vote(question.id(), 60, NOW);
        question.addVote(vote);
        question.addVote(new Vote(question.id(), 61, NOW));
        question.takeBackVote(vote);
        assertEquals(1, question.votes());
        assertThrows(IllegalArgumentException.class, () -> question.addVote(new Vote(question.id() + 1, 62, NOW)));
        question.answer("done", 1, NOW);
        assertThrows(IllegalStateException.class, () -> question.addVote(new Vote(question.id(), 63, NOW)));
    }

    @Test
    void anAnonymousQuestionShowsTheStandInButKeepsTheAsker() {
        Question anonymous = question(true, false);
        assertEquals(STAND_IN, anonymous.shownAsker(STAND_IN));
        assertEquals(ASKER, anonymous.asker());
        assertTrue(anonymous.isAskedBy(ASKER.id()));
        assertEquals(ASKER, question(false, false).shownAsker(STAND_IN));
    }

    @Test
    void theBoardHighlightsOneQuestionAtATime() {
        QuestionBoard board = QuestionBoard.defaults(stream.id());
        assertFalse(board.holdsForReview());
        assertFalse(board.allowsAnonymous());
        Question first = question(false, false);
        Question second = question(false, false);
        assertTrue(board.highlight(first));
        assertFalse(board.highlight(first), "highlighting it again changes nothing");
        assertTrue(board.highlight(second));
        assertEquals(second.id(), board.highlighted().orElseThrow());
        assertFalse(board.clearHighlightOf(first.id()), "only the highlighted question loses it");
        assertTrue(board.clearHighlightOf(second.id()));
        assertTrue(board.highlighted().isEmpty());
        assertThrows(IllegalStateException.class, () -> board.highlight(question(false, true)));
    }

    @Test
    void settingsLeftOutStayAsTheyAre() {
        QuestionBoard board = QuestionBoard.defaults(stream.id());
        board.change(true, null);
        board.change(null, true);
        assertTrue(board.holdsForReview());
        assertTrue(board.allowsAnonymous());
        board.change(false, null);
        assertFalse(board.holdsForReview());
        assertTrue(board.allowsAnonymous());
    }

    @Test
    void wireWordsRoundTrip() {
        for (QuestionStatus status : QuestionStatus.values()) {
            assertEquals(status, QuestionStatus.fromWire(status.wire()).orElseThrow());
        }
        assertTrue(QuestionStatus.fromWire("OPEN").isEmpty());
    }

    private Question question(boolean anonymous, boolean held) {
        return withId(new Question(stream, ASKER, "q" + nextId, anonymous, held, NOW), nextId++);
    }

    /** Ids are the database's to give; these entities never see one. */
    private static <T> T withId(T entity, long id) {
        try {
            Field field = entity.getClass().getDeclaredField("id");
            field.setAccessible(true);
            field.set(entity, id);
            return entity;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
