package dev.opened.transformer;

/** A function's text in the unit: from its first line to its end, and where its body opens. */
record Region(String name, int start, int bodyStart, int end) {
    boolean contains(int offset) {
        return start <= offset && offset < end;
    }
}
