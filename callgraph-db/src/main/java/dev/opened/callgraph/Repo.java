package dev.opened.callgraph;

import java.util.List;

/**
 * A crawled repo.
 *
 * @param name its name in the call graph (the {@code @REPO} part of {@code FUNC@REPO})
 * @param source what was crawled: URL, repository path or directory
 * @param commit the commit crawled (for a plain directory, a content hash)
 * @param crawledAt ISO-8601 instant of the last crawl
 * @param includeDirs repo-relative {@code -I} dirs used
 * @param defines {@code -D} flags used ({@code NAME} or {@code NAME=VALUE})
 * @param files number of files
 * @param functions number of functions
 */
public record Repo(String name, String source, String commit, String crawledAt, List<String> includeDirs,
        List<String> defines, int files, int functions) {
    /** Copies the lists. */
    public Repo {
        includeDirs = List.copyOf(includeDirs);
        defines = List.copyOf(defines);
    }
}
