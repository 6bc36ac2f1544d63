package dev.opened.callgraph;

import java.util.List;
import java.util.Map;

/**
 * What to crawl.
 *
 * @param source a git URL, a local git repository (working or bare), or a plain directory
 * @param name the repo's name in the call graph; null for the source's last path element
 * @param ref the branch, tag or commit; null for HEAD
 * @param includeDirs extra {@code -I} dirs, relative to the repo root (absolute ones are kept)
 * @param defines extra {@code -D} flags: {@code NAME} or {@code NAME=VALUE}
 * @param submodules a local git repository holding a submodule's commits, by the submodule's path
 *     or URL, for submodules that are not checked out in the source (a bare mirror, a clone made
 *     without {@code --recurse-submodules})
 */
public record CrawlRequest(String source, String name, String ref, List<String> includeDirs, List<String> defines,
        Map<String, String> submodules) {
    /** Copies the lists. */
    public CrawlRequest {
        includeDirs = List.copyOf(includeDirs);
        defines = List.copyOf(defines);
        submodules = Map.copyOf(submodules);
    }

    /** A request that names no submodule repository. */
    public CrawlRequest(String source, String name, String ref, List<String> includeDirs, List<String> defines) {
        this(source, name, ref, includeDirs, defines, Map.of());
    }

    /**
     * This request for build profile {@code profile} of the repo: the same flags, stored under the
     * repo row {@link Repo#profiled} names (the repo's name from {@code --name} or the source).
     */
    public CrawlRequest forProfile(String profile) {
        return new CrawlRequest(source, Repo.profiled(name != null ? name : SourceNames.defaultName(source), profile), ref,
                includeDirs, defines, submodules);
    }

    /** A request for {@code source} with every default. */
    public static CrawlRequest of(String source) {
        return new CrawlRequest(source, null, null, List.of(), List.of());
    }
}
