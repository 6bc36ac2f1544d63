package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * A unit that no parser can finish, a macro that doubles at every level, must end as a problem
 * record and a failed unit while the units beside it (one deeply nested) are indexed; before the
 * limits, the bomb ran the JVM out of memory and the crawl said nothing.
 */
class ParseLimitsTest {
    @TempDir
    Path tmp;

    static final String HEADERS = "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n";

    static String macroBomb(int levels) {
        StringBuilder b = new StringBuilder(HEADERS).append("#define B0 x+\n");
        for (int i = 1; i <= levels; i++) {
            b.append("#define B").append(i).append(" B").append(i - 1).append(" B").append(i - 1).append('\n');
        }
        return b.append("SEC(\"xdp\") int bomb(struct xdp_md *ctx) { int x = 1; return B").append(levels).append(" 0; }\n")
                .toString();
    }

    static String deepNesting(int depth) {
        return HEADERS + "SEC(\"xdp\") int deep(struct xdp_md *ctx) { return " + "(".repeat(depth) + "1" + ")".repeat(depth)
                + "; }\n";
    }

    @Test
    void aUnitThatCannotBeParsedIsAProblemAndTheOthersAreIndexed() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("bomb.c", macroBomb(40));
        files.put("deep.c", deepNesting(2_000));
        files.put("good.c", HEADERS + "SEC(\"xdp\") int good(struct xdp_md *ctx) { return XDP_PASS; }\n");
        Path repo = GitFixtures.repo(tmp.resolve("r"), files);
        // a smaller budget than the default only makes the bomb fail sooner; the test times nothing
        String old = System.setProperty("opened.parse.alloc.mb", "1024");
        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            CrawlSummary s = new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            assertThat(s.failedUnits()).containsExactly("bomb.c");
            assertThat(s.oneLine()).endsWith("; 1 translation unit could not be parsed");
            assertThat(graph.problems("r")).anySatisfy(p -> {
                assertThat(p.path()).isEqualTo("bomb.c");
                assertThat(p.message()).startsWith(ParseGuard.FAILED).endsWith("its definitions are missing from the graph");
            });
            assertThat(graph.lookup("good", "r", null, DefinitionKind.FUNCTION).matches()).hasSize(1);
            assertThat(graph.lookup("deep", "r", null, DefinitionKind.FUNCTION).matches()).hasSize(1);
            // a crawl with nothing new to do still knows the graph is incomplete
            CrawlSummary again = new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()),
                    CrawlListener.NONE);
            assertThat(again.upToDate()).isTrue();
            assertThat(again.failedUnits()).containsExactly("bomb.c");
        } finally {
            if (old == null) {
                System.clearProperty("opened.parse.alloc.mb");
            } else {
                System.setProperty("opened.parse.alloc.mb", old);
            }
        }
    }
}
