package dev.opened.library;

/** Told of a library build's progress, for a terminal's progress line. */
public interface LibraryListener {
    /** A stage began ({@code plan}, {@code units}, {@code originals}, {@code verify kernel}). */
    default void stage(String name, int total) {
    }

    /** {@code done} of {@code total} of the current stage are finished, {@code failures} of them failed. */
    default void progress(int done, int total, int failures) {
    }
}
