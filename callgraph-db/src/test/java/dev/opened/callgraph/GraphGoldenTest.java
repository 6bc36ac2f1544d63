package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * The whole test corpus crawled and every table a crawl writes dumped as sorted text, compared with
 * {@code src/test/resources/golden/corpus-graph.txt}, which the crawler wrote before its name lookups
 * and its threading changed: speed work must leave the graph as it was. A deliberate change to what
 * the graph holds rewrites the file with {@code -Dopened.golden.write=true} and shows in the diff.
 */
class GraphGoldenTest {
    private static final List<String> REPOS = List.of("lb", "tracing", "xdp-basics", "samples-style", "templated");

    @TempDir
    Path tmp;

    static List<String> crawlCorpus(Path tmp, String db, int threads) {
        List<String> lines = new ArrayList<>();
        try (CallGraph graph = CallGraph.open(tmp.resolve(db))) {
            Crawler crawler = new Crawler(graph, tmp.resolve("cache"), threads);
            for (String repo : REPOS) {
                Path dir = tmp.resolve("repos-" + db).resolve(repo);
                if (!Files.isDirectory(dir)) {
                    GitFixtures.corpusRepo(repo, dir.getParent());
                }
                crawler.crawl(CrawlRequest.of(dir.toString()), CrawlListener.NONE);
                lines.addAll(GraphDump.dump(graph, repo));
            }
        }
        return lines;
    }

    @Test
    void theCorpusGivesTheRecordedGraph() throws IOException {
        List<String> now = crawlCorpus(tmp, "corpus.db", 2);
        Path golden = GitFixtures.projectRoot().resolve("callgraph-db/src/test/resources/golden/corpus-graph.txt");
        if (Boolean.getBoolean("opened.golden.write")) {
            Files.createDirectories(golden.getParent());
            Files.write(golden, now);
        }
        assertThat(now).as("graph of the test corpus").containsExactlyElementsOf(Files.readAllLines(golden));
    }

    @Test
    void oneParsingThreadAndManyGiveTheSameGraph() {
        // units finish in another order on many threads; CDT objects are per parse, the DB written by one thread
        List<String> serial = crawlCorpus(tmp, "serial.db", 1);
        List<String> parallel = crawlCorpus(tmp, "parallel.db", 4);
        assertThat(parallel).isNotEmpty().containsExactlyElementsOf(serial);
    }
}
