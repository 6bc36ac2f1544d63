package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/** Re-crawls: nothing parsed on the same commit, only changed units on a new one; crashes resume. */
class IncrementalCrawlTest {
    @TempDir
    Path tmp;

    @Test
    void sameCommitParsesNothingAndNewCommitOnlyChangedUnits() {
        Path repo = GitFixtures.repo(tmp.resolve("inc"), Fixture.files());
        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            Crawler crawler = new Crawler(graph, tmp.resolve("cache"));
            CrawlSummary first = crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            assertThat(first.parsed()).isEqualTo(2);

            CrawlSummary again = crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            assertThat(again.upToDate()).isTrue();
            assertThat(again.parsed()).isZero();
            assertThat(again.functions()).isEqualTo(first.functions());

            GitFixtures.commit(repo, Map.of("other.c", Fixture.OTHER_C.replace("x + y", "x * y")), "change other.c");
            CrawlSummary second = crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            assertThat(second.upToDate()).isFalse();
            assertThat(second.parsed()).isEqualTo(1);
            assertThat(second.reused()).isEqualTo(1);
            assertThat(graph.sourceText(graph.lookup("dup", "inc", "other.c", null).single())).contains("x * y");

            GitFixtures.commit(repo, Map.of("include/defs.h", Fixture.DEFS_H.replace("MAX_E 16", "MAX_E 32")), "header");
            CrawlSummary third = crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            assertThat(third.parsed()).isEqualTo(2);
            assertThat(graph.maps("inc").get(0).maxEntries()).isEqualTo(128L);

            // other flags are another configuration: everything is parsed again
            CrawlSummary flagged = crawler.crawl(new CrawlRequest(repo.toString(), null, null, java.util.List.of(),
                    java.util.List.of("FEATURE_X")), CrawlListener.NONE);
            assertThat(flagged.parsed()).isEqualTo(2);
            assertThat(graph.lookup("feat", "inc", "prog.c", null).matches()).filteredOn(Definition::active)
                    .singleElement().extracting(Definition::startLine).isEqualTo(5);
        }
    }

    @Test
    void anotherCrawlersCodeParsesEverythingAgain() {
        Path repo = GitFixtures.repo(tmp.resolve("upg"), Fixture.files());
        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            Crawler crawler = new Crawler(graph, tmp.resolve("cache"));
            System.setProperty("opened.crawler.version", "older");
            CrawlSummary old = crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            assertThat(old.parsed()).isEqualTo(2);
            System.setProperty("opened.crawler.version", "newer");
            // an upgraded OPENED on the same commit: neither up to date nor served from the old parses
            CrawlSummary upgraded = crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            assertThat(upgraded.upToDate()).isFalse();
            assertThat(upgraded.parsed()).isEqualTo(2);
            assertThat(upgraded.reused()).isZero();
            assertThat(upgraded.functions()).isEqualTo(old.functions());
            CrawlSummary again = crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            assertThat(again.upToDate()).isTrue();
        } finally {
            System.clearProperty("opened.crawler.version");
        }
    }

    @Test
    void anInterruptedCrawlLeavesAUsableDbAndResumes() {
        Path repo = GitFixtures.repo(tmp.resolve("cut"), Fixture.files());
        Path db = tmp.resolve("cut.db");
        try (CallGraph graph = CallGraph.open(db)) {
            Crawler oneAtATime = new Crawler(graph, tmp.resolve("cache"), 1, 1);
            assertThatThrownBy(() -> oneAtATime.crawl(CrawlRequest.of(repo.toString()), (done, total, path) -> {
                if (done == 2) {
                    throw new IllegalStateException("power cut");
                }
            })).hasMessageContaining("power cut");
        }
        try (CallGraph graph = CallGraph.open(db)) {
            assertThat(graph.repos()).isEmpty(); // no half graph is visible
            CrawlSummary resumed = new Crawler(graph, tmp.resolve("cache"), 1, 1).crawl(CrawlRequest.of(repo.toString()),
                    CrawlListener.NONE);
            assertThat(resumed.reused()).isEqualTo(1); // the unit stored before the cut
            assertThat(resumed.parsed()).isEqualTo(1);
            assertThat(resumed.functions()).isEqualTo(7);
        }
    }

    @Test
    void aBrokenFileIsReportedAndTheCrawlGoesOn() {
        Map<String, String> files = new java.util.LinkedHashMap<>(Fixture.files());
        files.put("broken.c", "#include \"defs.h\"\nSEC(\"xdp\") int broken(struct xdp_md *ctx) { return (; }\n#include \"missing.h\"\n");
        Path repo = GitFixtures.repo(tmp.resolve("brk"), files);
        try (CallGraph graph = CallGraph.open(tmp.resolve("brk.db"))) {
            CrawlSummary s = new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            assertThat(s.functions()).isEqualTo(8);
            assertThat(graph.problems("brk")).extracting(Problem::toString)
                    .anyMatch(p -> p.startsWith("broken.c:2: "))
                    .anyMatch(p -> p.equals("broken.c:3: Unresolved inclusion: \"missing.h\""));
        }
    }

    @Test
    void gitUrlsAreClonedAndFetchedAgain() {
        Path repo = GitFixtures.repo(tmp.resolve("remote"), Fixture.files());
        String url = repo.toUri().toString();
        try (CallGraph graph = CallGraph.open(tmp.resolve("url.db"))) {
            Crawler crawler = new Crawler(graph, tmp.resolve("cache"));
            CrawlSummary s = crawler.crawl(new CrawlRequest(url, "lb", null, java.util.List.of(), java.util.List.of()),
                    CrawlListener.NONE);
            assertThat(s.repo()).isEqualTo("lb");
            assertThat(s.functions()).isEqualTo(7);
            String c2 = GitFixtures.commit(repo, Map.of("third.c", "#include \"defs.h\"\nSEC(\"xdp\") int third(struct xdp_md *c) { return 2; }\n"), "add");
            CrawlSummary s2 = crawler.crawl(new CrawlRequest(url, "lb", null, java.util.List.of(), java.util.List.of()),
                    CrawlListener.NONE);
            assertThat(s2.commit()).isEqualTo(c2);
            assertThat(s2.parsed()).isEqualTo(1);
            assertThat(s2.functions()).isEqualTo(8);
        }
    }

    @Test
    void aCompilationDatabaseGivesTheBuildsFlags() {
        Map<String, String> files = new java.util.LinkedHashMap<>(Fixture.files());
        files.remove("compile_flags.txt");
        files.put("build/compile_commands.json", "[{\"directory\": \"/home/dev/fix/build\", \"file\": \"../prog.c\", "
                + "\"command\": \"clang -target bpf -O2 -I/home/dev/fix/include -DFEATURE_X -c ../prog.c\"}]");
        Path repo = GitFixtures.repo(tmp.resolve("ccdb"), files);
        try (CallGraph graph = CallGraph.open(tmp.resolve("ccdb.db"))) {
            CrawlSummary s = new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            assertThat(s.problems()).isZero();
            Repo r = graph.repo("ccdb").orElseThrow();
            assertThat(r.includeDirs()).containsExactly("include");
            assertThat(r.defines()).containsExactly("FEATURE_X");
            assertThat(graph.lookup("feat", "ccdb", "prog.c", null).matches()).filteredOn(Definition::active)
                    .singleElement().extracting(Definition::startLine).isEqualTo(5);
        }
    }

    @Test
    void badSourcesSayWhatToDo() {
        try (CallGraph graph = CallGraph.open(tmp.resolve("bad.db"))) {
            Crawler crawler = new Crawler(graph, tmp.resolve("cache"));
            assertThatThrownBy(() -> crawler.crawl(CrawlRequest.of(tmp.resolve("nope").toString()), CrawlListener.NONE))
                    .hasMessageContaining("no such file or directory");
            assertThatThrownBy(() -> crawler.crawl(new CrawlRequest(GitFixtures.repo(tmp.resolve("r"), Fixture.files()).toString(),
                    null, "no-such-branch", java.util.List.of(), java.util.List.of()), CrawlListener.NONE))
                    .hasMessageContaining("no ref 'no-such-branch'").hasMessageContaining("main");
            assertThatThrownBy(() -> crawler.crawl(CrawlRequest.of("file:///nonexistent/repo.git"), CrawlListener.NONE))
                    .hasMessageContaining("cannot clone");
        }
    }
}
