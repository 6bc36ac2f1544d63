package dev.opened.callgraph;

/**
 * Which crawler's code made a graph: a hash of this module's classes. A snapshot version stays the
 * same while its code changes, and a parse cached by an older crawler holds that crawler's
 * mistakes (tetragon's doubled guards), so cached parses and the quick "up to date" check are keyed
 * by it. {@code -Dopened.crawler.version} stands in for it (tests of an upgrade).
 */
final class CrawlerVersion {
    private static volatile String version;

    private CrawlerVersion() {
    }

    /** The version of the code running now; computed once per process. */
    static String get() {
        String override = System.getProperty("opened.crawler.version");
        if (override != null) {
            return override;
        }
        String v = version;
        if (v == null) {
            v = hashOfCode();
            version = v;
        }
        return v;
    }

    /**
     * What the marker row of a graph holds: this code's version, and the submodules whose files the
     * crawl read ({@code path@commit}), none for most repos.
     */
    static String marker(java.util.List<Submodules.Link> submodules) {
        StringBuilder m = new StringBuilder(get());
        submodules.forEach(l -> m.append('\n').append(l.path()).append('@').append(l.commit()));
        return m.toString();
    }

    /** The paths of the submodules in a marker's {@code path@commit} lines. */
    static java.util.List<String> submodulePaths(java.util.List<String> lines) {
        return lines.stream().filter(l -> l.contains("@")).map(l -> l.substring(0, l.lastIndexOf('@'))).toList();
    }

    /** The {@code tu_cache} key of the row that names the crawler of repo {@code repoId}'s graph. */
    static String markerKey(long repoId) {
        return "crawler-version:" + repoId;
    }

    private static String hashOfCode() {
        String h = dev.opened.common.CodeHash.of(CrawlerVersion.class);
        // no way to tell: every crawl parses again rather than trust another code's results
        return h != null ? h : "unknown-" + System.nanoTime();
    }
}
