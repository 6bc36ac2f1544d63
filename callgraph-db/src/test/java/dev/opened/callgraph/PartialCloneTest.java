package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * A repository one of whose blobs is not in the clone (as a partial clone or a trimmed mirror
 * leaves it): the crawl finishes, the file is a problem, the rest is indexed.
 */
class PartialCloneTest {
    @TempDir
    Path tmp;

    private static final String KEPT = """
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            SEC("xdp")
            int kept_prog(struct xdp_md *ctx)
            {
                return XDP_PASS;
            }

            char _license[] SEC("license") = "GPL";
            """;

    private static final String LOST = """
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            SEC("xdp")
            int lost_prog(struct xdp_md *ctx)
            {
                return XDP_DROP;
            }
            """;

    @Test
    void aMissingBlobIsAProblemAndTheCrawlGoesOn() throws Exception {
        Path repo = GitFixtures.repo(tmp.resolve("partial"), Map.of("kept.c", KEPT, "lost.c", LOST));
        String id = SourceTree.gitBlobId(LOST.getBytes(StandardCharsets.UTF_8));
        Path loose = repo.resolve(".git/objects/" + id.substring(0, 2) + "/" + id.substring(2));
        assertThat(loose).exists();
        Files.delete(loose);

        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            CrawlSummary s = new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            assertThat(graph.functions("partial", null, null)).extracting(Definition::name).containsExactly("kept_prog");
            assertThat(graph.problems("partial")).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("lost.c");
                assertThat(p.message()).startsWith("blob " + id + " missing in this clone");
            });
            assertThat(s.problems()).isEqualTo(1);
        }
    }
}
