package dev.opened.callgraph;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/**
 * A re-crawl of an unchanged commit decided without JGit and without walking the tree. A commit id
 * determines the tree, so the files, the repo's own flags (compile_flags.txt, compile_commands.json)
 * and the graph made of them are all the commit's; what else a crawl depends on is the request's
 * flags and the crawler's code. A whole crawl records the commit, the request's flags and what the
 * summary needs in the crawler's marker row of {@code tu_cache}, which {@link GraphWriter} rewrites
 * empty with every new graph: the record exists only beside the graph it describes, and a crawl
 * that stops before its graph is written leaves the previous graph and its record together.
 */
final class QuickRecrawl {
    private static final Gson GSON = new Gson();

    /**
     * What the last crawl of a repo recorded.
     *
     * @param commit the commit crawled
     * @param flags the request's include dirs and defines, as given (the repo's own are the commit's)
     * @param files the number of source files, for the summary
     * @param skipped the files left out, with why, for the summary
     */
    record Last(String commit, List<List<String>> flags, int files, List<String> skipped) {
    }

    /**
     * What HEAD and the record said.
     *
     * @param upToDate the record, when the graph is the crawl of HEAD with the request's flags by this code
     * @param moved HEAD was read and the graph has no crawl of that commit (or no graph of the repo):
     *     no look at the tree can find the crawl up to date
     */
    record Check(Last upToDate, boolean moved) {
    }

    private static final Check UNSURE = new Check(null, false);

    private QuickRecrawl() {
    }

    /**
     * Whether the request's local repository still has the recorded commit at HEAD, and repo {@code
     * name}'s graph was made by this code with the request's flags; when unsure, the crawl goes the
     * long way, which decides it with JGit.
     */
    static Check check(CallGraph graph, String name, CrawlRequest request) {
        if (request.ref() != null || SourceNames.isUrl(request.source())) {
            return UNSURE;
        }
        String head = GitHead.commit(Path.of(request.source()));
        if (head == null) {
            return UNSURE;
        }
        List<Object[]> repo = graph.query("SELECT id, commit_id FROM repos WHERE name = ?", List.of(name),
                rs -> new Object[] {rs.getLong(1), rs.getString(2)});
        if (repo.isEmpty() || !head.equals(repo.get(0)[1])) {
            return new Check(null, true);
        }
        List<Object[]> marker = graph.query("SELECT tu_path, result FROM tu_cache WHERE key = ?",
                List.of(CrawlerVersion.markerKey((Long) repo.get(0)[0])), rs -> new Object[] {rs.getString(1), rs.getBytes(2)});
        if (marker.isEmpty() || !CrawlerVersion.get().equals(marker.get(0)[0]) || marker.get(0)[1] == null) {
            return UNSURE;
        }
        Last last;
        try {
            last = GSON.fromJson(new String((byte[]) marker.get(0)[1], StandardCharsets.UTF_8), Last.class);
        } catch (JsonParseException e) {
            return UNSURE;
        }
        boolean same = last != null && head.equals(last.commit()) && last.skipped() != null
                && List.of(request.includeDirs(), request.defines()).equals(last.flags());
        return same ? new Check(last, false) : UNSURE;
    }

    /**
     * Records, beside the marker of repo {@code repoId}'s graph, that it is the crawl of {@code
     * commit} with the request's flags. Called once the graph is known to be that crawl's.
     */
    static void remember(CallGraph graph, long repoId, CrawlRequest request, String commit, int files, List<String> skipped) {
        Last last = new Last(commit, List.of(request.includeDirs(), request.defines()), files, skipped);
        graph.update("UPDATE tu_cache SET result = ? WHERE key = ? AND tu_path = ?", List.of(
                GSON.toJson(last).getBytes(StandardCharsets.UTF_8), CrawlerVersion.markerKey(repoId), CrawlerVersion.get()));
    }
}
