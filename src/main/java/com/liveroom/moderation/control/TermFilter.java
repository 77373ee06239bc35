package com.liveroom.moderation.control;

import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Finds blocked terms in text regardless of case and width: text and terms are both compared in NFKC with
 * case folding, so full-width {@code ＢＡＤ} and {@code Bad} are both {@code bad}. A term matches anywhere,
 * also inside a longer word (Chinese has no spaces to stop at). Masking replaces each matched character
 * of the original text (each grapheme cluster, so a letter with its accents is one) with one asterisk.
 * <p>
 * The text is normalised one grapheme cluster at a time, remembering which cluster every normalised
 * character came from; that is how a match in the normalised text is traced back to the original.
 */
public final class TermFilter {

    private TermFilter() {
    }

    /** NFKC, then full case folding (upper then lower case folds {@code ß} to {@code ss}), then NFKC again. */
    public static String normalize(String text) {
        String compatible = Normalizer.normalize(text, Normalizer.Form.NFKC);
        String folded = compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }

    /**
     * Looks for the terms (already normalised, none empty) in the text.
     *
     * @return whether any matched, and the text with every match masked
     */
    public static Screened screen(String text, Collection<String> normalizedTerms) {
        if (normalizedTerms.isEmpty()) {
            return new Screened(false, text);
        }
        List<int[]> clusters = new ArrayList<>();
        StringBuilder normalized = new StringBuilder(text.length());
        List<Integer> owner = new ArrayList<>(text.length());
        BreakIterator boundaries = BreakIterator.getCharacterInstance(Locale.ROOT);
        boundaries.setText(text);
        for (int start = boundaries.first(), end = boundaries.next(); end != BreakIterator.DONE;
             start = end, end = boundaries.next()) {
            String part = normalize(text.substring(start, end));
            for (int i = 0; i < part.length(); i++) {
                owner.add(clusters.size());
            }
            normalized.append(part);
            clusters.add(new int[] {start, end});
        }
        boolean[] hit = new boolean[clusters.size()];
        boolean found = false;
        String haystack = normalized.toString();
        for (String term : normalizedTerms) {
            for (int at = haystack.indexOf(term); at >= 0; at = haystack.indexOf(term, at + 1)) {
                found = true;
                for (int i = at; i < at + term.length(); i++) {
                    hit[owner.get(i)] = true;
                }
            }
        }
        if (!found) {
            return new Screened(false, text);
        }
        StringBuilder masked = new StringBuilder(text.length());
        for (int c = 0; c < clusters.size(); c++) {
            int[] span = clusters.get(c);
            masked.append(hit[c] ? "*" : text.substring(span[0], span[1]));
        }
        return new Screened(true, masked.toString());
    }

    public record Screened(boolean matched, String masked) {
    }
}
