package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.VendoredLibbpf;

/**
 * A repository that vendors libbpf as a submodule is crawled as its build compiles it: the
 * submodule's files at the pinned commit are read, and {@code <bpf/NAME>} is answered by them
 * before the system's libbpf.
 */
class SubmoduleCrawlTest {
    private static final String HELPERS = VendoredLibbpf.PATH + "/src/bpf_helpers.h";

    @TempDir
    Path tmp;

    @Test
    void aCheckedOutSubmoduleAnswersBpfIncludesBeforeTheSystem() {
        Path sup = VendoredLibbpf.superproject(tmp.resolve("sup"), VendoredLibbpf.libbpf(tmp.resolve("libbpf")));
        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            CrawlSummary s = new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(sup.toString()), CrawlListener.NONE);
            assertVendoredRead(graph, "sup");
            assertThat(s.notes()).anyMatch(n -> n.contains(VendoredLibbpf.PATH + "/src/") && n.contains("<bpf/...>"));
            // the vendored library's user-space code is no eBPF: not parsed
            assertThat(graph.lookup("standin_open", "sup", null, null).matches()).allMatch(d -> !d.path().endsWith(".c"));
        }
    }

    @Test
    void aBareMirrorReadsTheSubmoduleFromTheRepositoryGivenForIt() {
        Path libbpf = VendoredLibbpf.libbpf(tmp.resolve("libbpf"));
        Path bare = VendoredLibbpf.bareClone(VendoredLibbpf.superproject(tmp.resolve("sup"), libbpf), tmp.resolve("sup.git"));
        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            Crawler crawler = new Crawler(graph, tmp.resolve("cache"));
            CrawlSummary without = crawler.crawl(new CrawlRequest(bare.toString(), "sup", null, List.of(), List.of()),
                    CrawlListener.NONE);
            assertThat(without.upToDate()).isFalse();
            // not checked out, nothing given: said, with what to do, and the crawl goes on with the system's libbpf
            assertThat(graph.problems("sup")).anyMatch(p -> p.message().contains("submodule " + VendoredLibbpf.PATH)
                    && p.message().contains("--submodule " + VendoredLibbpf.PATH + "="));
            assertThat(bpfHelpersInclude(graph, "sup").resolvedPath()).isNull();
            assertThat(graph.lookup("count_slot", "sup", null, null).matches()).hasSize(1);

            // by its URL as .gitmodules names it, or by its path
            for (String key : List.of(libbpf.toUri().toString(), VendoredLibbpf.PATH)) {
                CrawlRequest given = new CrawlRequest(bare.toString(), "sup", null, List.of(), List.of(),
                        Map.of(key, libbpf.toString()));
                CrawlSummary with = crawler.crawl(given, CrawlListener.NONE);
                if (key.equals(VendoredLibbpf.PATH)) {
                    // the same commit and the same submodule read as the crawl before: nothing to do
                    assertThat(with.upToDate()).isTrue();
                } else {
                    assertThat(with.upToDate()).isFalse();
                    assertThat(with.parsed()).isPositive();
                }
                assertVendoredRead(graph, "sup");
                assertThat(graph.problems("sup")).noneMatch(p -> p.message().contains("submodule"));
            }
            // the submodule no longer given: the graph read it, this crawl cannot, so it is crawled again
            CrawlSummary dropped = crawler.crawl(new CrawlRequest(bare.toString(), "sup", null, List.of(), List.of()),
                    CrawlListener.NONE);
            assertThat(dropped.upToDate()).isFalse();
            assertThat(bpfHelpersInclude(graph, "sup").resolvedPath()).isNull();
        }
    }

    @Test
    void aSubmoduleWhoseRepositoryLacksThePinnedCommitIsAProblemNotAFailure() {
        Path libbpf = VendoredLibbpf.libbpf(tmp.resolve("libbpf"));
        Path bare = VendoredLibbpf.bareClone(VendoredLibbpf.superproject(tmp.resolve("sup"), libbpf), tmp.resolve("sup.git"));
        Path unrelated = dev.opened.callgraph.testing.GitFixtures.repo(tmp.resolve("other"), Map.of("a.h", "int a;\n"));
        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            new Crawler(graph, tmp.resolve("cache")).crawl(new CrawlRequest(bare.toString(), "sup", null, List.of(), List.of(),
                    Map.of(VendoredLibbpf.PATH, unrelated.toString())), CrawlListener.NONE);
            assertThat(graph.problems("sup")).anyMatch(p -> p.message().contains("has no commit")
                    && p.message().contains(VendoredLibbpf.PATH));
            assertThat(graph.lookup("count_slot", "sup", null, null).matches()).hasSize(1);
        }
    }

    @Test
    void aSourceGivenAsAUrlHasItsSubmodulesClonedLikeItself() throws Exception {
        // as `opened crawl https://...` of a repo that pins libbpf: the submodule's URL (from
        // .gitmodules, here a file:// URL) is cloned into the clone cache, nothing checked out
        Path libbpf = VendoredLibbpf.libbpf(tmp.resolve("libbpf"));
        Path sup = VendoredLibbpf.superproject(tmp.resolve("sup"), libbpf);
        Path cache = tmp.resolve("cache");
        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            CrawlSummary s = new Crawler(graph, cache).crawl(new CrawlRequest(sup.toUri().toString(), "sup", null, List.of(),
                    List.of()), CrawlListener.NONE);
            assertThat(s.upToDate()).isFalse();
            assertVendoredRead(graph, "sup");
            assertThat(graph.problems("sup")).noneMatch(p -> p.message().contains("submodule"));
            try (java.util.stream.Stream<Path> clones = java.nio.file.Files.list(cache)) {
                assertThat(clones.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("libbpf-"));
            }
        }
    }

    @Test
    void aGitmodulesNameLeadingOutOfTheRepositoryIsNotFollowed() throws Exception {
        // a hostile .gitmodules names the submodule "../../victim": from the bare mirror's
        // modules/ that is a repository of the user's beside it, which must not reach the database
        Path libbpf = VendoredLibbpf.libbpf(tmp.resolve("libbpf"));
        Path sup = VendoredLibbpf.superproject(tmp.resolve("sup"), libbpf);
        String gitmodules = java.nio.file.Files.readString(sup.resolve(".gitmodules"));
        dev.opened.callgraph.testing.GitFixtures.commit(sup, Map.of(".gitmodules",
                gitmodules.replace("[submodule \"" + VendoredLibbpf.PATH + "\"]", "[submodule \"../../victim\"]")), "rename");
        Path bare = VendoredLibbpf.bareClone(sup, tmp.resolve("mirrors/sup.git"));
        VendoredLibbpf.bareClone(libbpf, tmp.resolve("mirrors/victim"));
        java.nio.file.Files.createDirectories(bare.resolve("modules"));
        assertThat(bare.resolve("modules/../../victim").toFile()).isDirectory();
        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            new Crawler(graph, tmp.resolve("cache")).crawl(new CrawlRequest(bare.toString(), "sup", null, List.of(), List.of()),
                    CrawlListener.NONE);
            assertThat(graph.files("sup")).extracting(SourceFile::path).noneMatch(p -> p.startsWith(VendoredLibbpf.PATH + "/"));
            assertThat(graph.problems("sup")).anyMatch(p -> p.message().contains("leads out of the repository"));
        }
    }

    @Test
    void aRepositoryFromElsewhereCannotMakeTheCrawlCloneThisMachinesFiles() {
        assertThat(Submodules.cloneable("https://example.org/sup.git", "https://example.org/libbpf.git")).isTrue();
        assertThat(Submodules.cloneable("https://example.org/sup.git", "git@example.org:libbpf.git")).isTrue();
        assertThat(Submodules.cloneable("https://example.org/sup.git", "file:///home/me/private.git")).isFalse();
        assertThat(Submodules.cloneable("https://example.org/sup.git", "/home/me/private.git")).isFalse();
        assertThat(Submodules.cloneable("file:///srv/mirrors/sup.git", "file:///srv/mirrors/libbpf.git")).isTrue();
        assertThat(Submodules.inside("lib/libbpf")).isTrue();
        assertThat(Submodules.inside("../../victim")).isFalse();
        assertThat(Submodules.inside("lib/../../x")).isFalse();
        assertThat(Submodules.inside("/etc")).isFalse();
    }

    private static Include bpfHelpersInclude(CallGraph graph, String repo) {
        return graph.includes(repo, "prog.bpf.c").stream().filter(i -> i.directive().contains("bpf/bpf_helpers.h"))
                .findFirst().orElseThrow();
    }

    private static void assertVendoredRead(CallGraph graph, String repo) {
        assertThat(graph.files(repo)).extracting(SourceFile::path).contains(HELPERS, VendoredLibbpf.PATH + "/src/libbpf.h")
                .doesNotContain(VendoredLibbpf.PATH + "/.github/ci/vmlinux.h");
        assertThat(bpfHelpersInclude(graph, repo).resolvedPath()).isEqualTo(HELPERS);
        // the program's use of the macro only the vendored copy has is linked to that copy
        Definition clamp = graph.lookup("VENDORED_CLAMP", repo, null, null).single();
        assertThat(clamp.path()).isEqualTo(HELPERS);
        assertThat(CallGraph.vendoredLibbpf(graph.files(repo).stream().map(SourceFile::path).toList()))
                .isEqualTo(VendoredLibbpf.PATH + "/src");
    }
}
