package dev.opened.transformer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Text edits at offsets of the original text, applied from the end so that every offset stays
 * true; everything not edited keeps its layout and comments.
 */
final class Edits {
    /** Replace {@code length} chars at {@code offset} with {@code text}; {@code rule} names why. */
    record Edit(int offset, int length, String text, String rule) {
    }

    private final List<Edit> edits = new ArrayList<>();

    void replace(int offset, int length, String text, String rule) {
        for (Edit e : edits) {
            boolean overlap = offset < e.offset() + e.length() && e.offset() < offset + length;
            if (overlap && !(length == 0 && e.length() == 0)) {
                return; // an outer rewrite already covers this text
            }
        }
        edits.add(new Edit(offset, length, text, rule));
    }

    void insert(int offset, String text, String rule) {
        edits.add(new Edit(offset, 0, text, rule));
    }

    boolean isEmpty() {
        return edits.isEmpty();
    }

    List<Edit> all() {
        return List.copyOf(edits);
    }

    String apply(String text) {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::offset).thenComparingInt(Edit::length).reversed());
        StringBuilder sb = new StringBuilder(text);
        for (Edit e : sorted) {
            sb.replace(e.offset(), e.offset() + e.length(), e.text());
        }
        return sb.toString();
    }

    /** Where an offset of the original text lands in the edited text (after text inserted there). */
    int map(int offset) {
        return map(offset, null);
    }

    private int map(int offset, Edit self) {
        int shift = 0;
        for (Edit e : edits) {
            if (e != self && e.offset() + e.length() <= offset && (e.length() > 0 || e.offset() < offset || self == null)) {
                shift += e.text().length() - e.length();
            }
        }
        return offset + shift;
    }

    /** 1-based lines of the edited text that the edits touched. */
    TreeSet<Integer> changedLines(String edited) {
        TreeSet<Integer> lines = new TreeSet<>();
        for (Edit e : edits) {
            int start = map(e.offset(), e);
            int end = start + e.text().length();
            int l1 = lineOf(edited, start);
            int l2 = lineOf(edited, Math.max(start, end - 1));
            for (int l = l1; l <= l2; l++) {
                lines.add(l);
            }
        }
        return lines;
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static int columnOf(String text, int offset) {
        int nl = text.lastIndexOf('\n', Math.max(0, offset - 1));
        return offset - nl;
    }

    static int lineStart(String text, int line) {
        int off = 0;
        for (int l = 1; l < line && off >= 0; l++) {
            off = text.indexOf('\n', off) + 1;
            if (off == 0) {
                return text.length();
            }
        }
        return off;
    }
}
