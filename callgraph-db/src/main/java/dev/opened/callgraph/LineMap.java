package dev.opened.callgraph;

import java.util.Arrays;

/** Offset to line and column for one file's text. */
final class LineMap {
    private final int[] starts;

    LineMap(String text) {
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        starts = new int[n];
        int k = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts[k++] = i + 1;
            }
        }
    }

    /** 1-based line of {@code offset}. */
    int line(int offset) {
        int i = Arrays.binarySearch(starts, offset);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** 1-based column of {@code offset}. */
    int column(int offset) {
        return offset - starts[line(offset) - 1] + 1;
    }

    int lines() {
        return starts.length;
    }
}
