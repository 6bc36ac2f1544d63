package dev.opened.callgraph;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the matches of a preprocessor-line pattern, {@code (?m)^}, blanks, {@code #}, ..., as
 * {@link Matcher#find()} finds them, but tries the pattern only where a line's first non-blank
 * character is a {@code #}: tried at every character, such patterns took most of a katran re-crawl
 * on its large headers. A match starts where {@code ^} holds and runs through blanks to a {@code #};
 * so for each {@code #}, in order, the pattern is tried at the places before it that {@code ^}
 * accepts and that only blanks separate from it, leftmost first, as find() would reach them.
 */
final class Directives {
    private Directives() {
    }

    /**
     * The matches of {@code p} in {@code text}, equal to those of repeated {@code find()} calls.
     * {@code p} must be multiline, start with {@code ^}, then blanks ({@code [ \t]*} or {@code \s*}),
     * then {@code #}, and match no empty string.
     */
    static List<MatchResult> find(Pattern p, String text) {
        return find(p, text, Integer.MAX_VALUE);
    }

    /** The first {@code most} of those matches: a question of whether there are any needs no more. */
    static List<MatchResult> find(Pattern p, String text, int most) {
        List<MatchResult> out = new ArrayList<>();
        Matcher m = p.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        int from = 0;
        for (int hash = text.indexOf('#'); hash >= 0; hash = text.indexOf('#', Math.max(hash + 1, from))) {
            if (hash < from) {
                continue;
            }
            int first = hash;
            while (first > from && isBlank(text.charAt(first - 1))) {
                first--;
            }
            for (int s = first; s <= hash; s++) {
                if (lineStart(text, s) && m.region(s, text.length()).lookingAt()) {
                    out.add(m.toMatchResult());
                    if (out.size() >= most) {
                        return out;
                    }
                    from = m.end();
                    break;
                }
            }
        }
        return out;
    }

    /** The characters {@code \s} takes (a superset of {@code [ \t]}: the pattern decides the rest). */
    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** Where a multiline {@code ^} holds, as {@link Pattern} decides it. */
    private static boolean lineStart(String text, int i) {
        if (i == 0) {
            return true;
        }
        if (i == text.length()) {
            return false;
        }
        char before = text.charAt(i - 1);
        if (before == '\r') {
            return text.charAt(i) != '\n';
        }
        return before == '\n' || before == '\u0085' || before == '\u2028' || before == '\u2029';
    }
}
