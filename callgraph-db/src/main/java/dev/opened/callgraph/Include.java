package dev.opened.callgraph;

/**
 * An {@code #include} directive of a file.
 *
 * @param path the including file's repo path
 * @param line 1-based line of the directive
 * @param directive the directive as written, e.g. {@code #include <linux/bpf.h>}
 * @param system true for a header outside the repo (system, libbpf, clang's)
 * @param resolvedPath the repo path of the included file when it is repo-local, else null
 * @param guards the conditions around the directive, outermost first
 */
public record Include(String path, int line, String directive, boolean system, String resolvedPath,
        java.util.List<Guard> guards) {
    /** Copies the guards. */
    public Include {
        guards = java.util.List.copyOf(guards);
    }
}
