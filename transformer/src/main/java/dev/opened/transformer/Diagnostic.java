package dev.opened.transformer;

/**
 * A place where a rewrite is impossible, as compilers print it.
 *
 * @param file the file (the unit's C file, or the source file for a function in the call graph)
 * @param line 1-based line
 * @param column 1-based column
 * @param message what cannot be rewritten and why
 */
public record Diagnostic(String file, int line, int column, String message) {
    /** {@code file:line:col: error: message}. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": error: " + message;
    }

    /** {@code file:line:col: warning: message}. */
    public String asWarning() {
        return file + ":" + line + ":" + column + ": warning: " + message;
    }
}
