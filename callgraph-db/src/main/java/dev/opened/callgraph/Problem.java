package dev.opened.callgraph;

/**
 * Something the parser could not understand, reported and stored; the crawl goes on.
 *
 * @param path repo path of the file the problem is in
 * @param line 1-based line
 * @param message what went wrong
 * @param translationUnit the {@code .c} file whose parse reported it
 */
public record Problem(String path, int line, String message, String translationUnit) {
    /** {@code path:line: message}, as compilers print it. */
    @Override
    public String toString() {
        return path + ":" + line + ": " + message;
    }
}
