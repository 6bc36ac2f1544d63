package dev.opened.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.CrawlListener;
import dev.opened.callgraph.CrawlRequest;
import dev.opened.callgraph.Crawler;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.testing.VendoredLibbpf;

/** What a library build takes from a repo. */
class PlanTest {
    @TempDir
    Path tmp;

    @Test
    void aVendoredLibbpfsFunctionsAreNotTheReposLibrary() {
        Path sup = VendoredLibbpf.superproject(tmp.resolve("sup"), VendoredLibbpf.libbpf(tmp.resolve("libbpf")));
        try (CallGraph graph = CallGraph.open(tmp.resolve("g.db"))) {
            new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(sup.toString()), CrawlListener.NONE);
            // the graph has the vendored function (the program's unit may need it) ...
            assertThat(graph.functions("sup", null, null)).extracting(Definition::name).contains("vendored_noop", "count_slot");
            // ... the library only the repo's own
            assertThat(Plan.functions(graph, graph.repos(), "all")).extracting(f -> f.function().name())
                    .containsExactly("count_slot");
        }
    }
}
