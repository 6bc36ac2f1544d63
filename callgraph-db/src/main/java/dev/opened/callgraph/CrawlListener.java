package dev.opened.callgraph;

/** Hears a crawl's progress, to show it on a terminal. */
@FunctionalInterface
public interface CrawlListener {
    /** A listener that ignores everything. */
    CrawlListener NONE = (done, total, path) -> { };

    /** {@code done} of {@code total} translation units are through; {@code path} is the last one. */
    void progress(int done, int total, String path);
}
