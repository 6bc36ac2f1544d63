package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/** Build profiles: one repo crawled under two sets of {@code -D}s as two repo rows, each with its own active code. */
class ProfilesTest {
    @TempDir
    Path tmp;

    @Test
    void eachProfileIsItsOwnRowWithItsFlagsAndActiveCode() {
        Path repo = GitFixtures.repo(tmp.resolve("sw"), Map.of("sw.c", """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                #ifdef FAST
                static int fast_path(struct xdp_md *ctx) { return XDP_PASS; }
                #endif
                SEC("xdp")
                int entry(struct xdp_md *ctx)
                {
                #ifdef FAST
                    return fast_path(ctx);
                #else
                    return XDP_DROP;
                #endif
                }
                """));
        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            Crawler crawler = new Crawler(graph, tmp.resolve("cache"));
            CrawlRequest plain = CrawlRequest.of(repo.toString());
            crawler.crawl(plain.forProfile(null), CrawlListener.NONE);
            CrawlSummary fast = crawler.crawl(
                    new CrawlRequest(repo.toString(), null, null, List.of(), List.of("FAST")).forProfile("fast"),
                    CrawlListener.NONE);
            assertThat(fast.repo()).isEqualTo("sw+fast");

            Repo base = graph.requireRepo("sw");
            Repo profiled = graph.requireRepo("sw+fast");
            assertThat(base.profile()).isEqualTo(Repo.DEFAULT_PROFILE);
            assertThat(profiled.profile()).isEqualTo("fast");
            assertThat(profiled.base()).isEqualTo("sw");
            assertThat(base.defines()).isEmpty();
            assertThat(profiled.defines()).containsExactly("FAST");

            Definition offByDefault = named(graph, "sw", "fast_path");
            Definition onInProfile = named(graph, "sw+fast", "fast_path");
            assertThat(offByDefault.active()).isFalse();
            assertThat(onInProfile.active()).isTrue();
        }
    }

    private static Definition named(CallGraph graph, String repo, String name) {
        return graph.definitions(repo, DefinitionKind.FUNCTION).stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow();
    }

    @Test
    void theDefaultProfileIsThePlainRepoAndNamesAreChecked() {
        assertThat(Repo.profiled("katran", null)).isEqualTo("katran");
        assertThat(Repo.profiled("katran", "default")).isEqualTo("katran");
        assertThat(Repo.profiled("katran", "decap-tpr")).isEqualTo("katran+decap-tpr");
        assertThat(FunctionRef.parse("xdpdecap@katran+decap-tpr:decap.c").repo()).isEqualTo("katran+decap-tpr");
        assertThatThrownBy(() -> Repo.profiled("katran", "a@b")).isInstanceOf(CallGraphException.class)
                .hasMessageContaining("profile name 'a@b'");
        assertThat(CrawlRequest.of("/src/katran.git").forProfile("tpr").name()).isEqualTo("katran+tpr");
    }
}
