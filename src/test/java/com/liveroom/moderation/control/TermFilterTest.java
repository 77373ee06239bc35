package com.liveroom.moderation.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TermFilterTest {

    private static TermFilter.Screened screen(String text, String... terms) {
        return TermFilter.screen(text, List.of(terms).stream().map(TermFilter::normalize).toList());
    }

    @Test
    void fullWidthAndCaseAreIgnored() {
        assertEquals("bad", TermFilter.normalize("ＢＡＤ"));
        assertEquals("bad", TermFilter.normalize("Bad"));
        var screened = screen("this is ＢＡＤ news", "bad");
        assertTrue(screened.matched());
        assertEquals("this is *** news", screened.masked());
    }

    @Test
    void aFullWidthTermMatchesPlainText() {
        assertEquals("so *** here", screen("so BaD here", "ｂａｄ").masked());
    }

    @Test
    void everyOccurrenceIsMaskedAlsoInsideWords() {
        assertEquals("***ge and ***", screen("badge and BAD", "bad").masked());
    }

    @Test
    void foldingExpandsCharacters() {
        // ß folds to ss, and the ligature ﬁ is fi in NFKC: the whole original character is masked
        assertEquals("*", screen("ß", "ss").masked());
        assertEquals("*x", screen("ﬁx", "fi").masked());
    }

    @Test
    void accentsStayWithTheirLetter() {
        // e + combining acute is one character to a reader, and NFKC composes it to é
        assertEquals("caf*!", screen("cafe\u0301!", "é").masked());
    }

    @Test
    void chineseTermsMatch() {
        assertEquals("你好**呀", screen("你好坏蛋呀", "坏蛋").masked());
    }

    @Test
    void noTermNoChange() {
        var screened = screen("all fine", "bad");
        assertFalse(screened.matched());
        assertEquals("all fine", screened.masked());
        assertFalse(TermFilter.screen("x", List.of()).matched());
    }
}
