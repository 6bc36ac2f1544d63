package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * A re-crawl of a crawled commit is answered from the commit, the file names and the blob ids
 * alone: the same summary as the crawl that did the work, and anything that changes the inputs
 * (a define, a commit) still crawls.
 */
class RecrawlTest {
    @TempDir
    Path tmp;

    @Test
    void theSameCommitAndFlagsAreUpToDateWithTheFirstCrawlsFigures() throws Exception {
        Path repo = GitFixtures.corpusRepo("xdp-basics", tmp);
        try (CallGraph graph = CallGraph.open(tmp.resolve("g.db"))) {
            Crawler crawler = new Crawler(graph, tmp.resolve("cache"), 2);
            CrawlSummary first = crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            List<String> before = GraphDump.dump(graph, "xdp-basics");
            CrawlSummary again = crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            assertThat(first.upToDate()).isFalse();
            assertThat(again.upToDate()).isTrue();
            assertThat(again.parsed()).isZero();
            assertThat(List.of(again.commit(), again.files(), again.lines(), again.functions(), again.calls(), again.maps(),
                    again.problems())).isEqualTo(List.of(first.commit(), first.files(), first.lines(), first.functions(),
                            first.calls(), first.maps(), first.problems()));
            assertThat(GraphDump.dump(graph, "xdp-basics")).isEqualTo(before);

            CrawlSummary withDefine = crawler.crawl(new CrawlRequest(repo.toString(), null, null, List.of(),
                    List.of("VLAN_MAX_DEPTH=2")), CrawlListener.NONE);
            assertThat(withDefine.upToDate()).as("a new define is a new crawl").isFalse();

            String unit = "basic01-pass/xdp_pass_kern.c";
            GitFixtures.commit(repo, Map.of(unit, Files.readString(repo.resolve(unit)) + "\n/* changed */\n"), "change one unit");
            CrawlSummary changed = crawler.crawl(new CrawlRequest(repo.toString(), null, null, List.of(),
                    List.of("VLAN_MAX_DEPTH=2")), CrawlListener.NONE);
            assertThat(changed.upToDate()).as("a new commit is a new crawl").isFalse();
            assertThat(changed.commit()).isNotEqualTo(first.commit());
        }
    }
}
