package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * The re-crawl of an unchanged commit decided from HEAD's files and the last crawl's record: with
 * the repository's objects moved away, only that path can answer "up to date" (JGit cannot read
 * the commit), and every change it must not overlook (flags, the crawler's code, the commit, the
 * graph) sends the crawl the long way, which then fails for want of the objects, or crawls.
 */
class QuickRecrawlTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clearVersion() {
        System.clearProperty("opened.crawler.version");
    }

    @Test
    void anUnchangedHeadIsUpToDateWithoutReadingTheRepository() throws IOException {
        Path repo = GitFixtures.repo(tmp.resolve("q"), Fixture.files());
        try (CallGraph graph = CallGraph.open(tmp.resolve("q.db"))) {
            Crawler crawler = new Crawler(graph, tmp.resolve("cache"));
            CrawlSummary first = crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            withoutObjects(repo, () -> {
                CrawlSummary again = crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
                assertThat(again.upToDate()).isTrue();
                assertThat(again).extracting(CrawlSummary::commit, CrawlSummary::files, CrawlSummary::lines,
                        CrawlSummary::functions, CrawlSummary::calls, CrawlSummary::maps, CrawlSummary::problems)
                        .containsExactly(first.commit(), first.files(), first.lines(), first.functions(), first.calls(),
                                first.maps(), first.problems());
                assertThat(again.skipped()).isEqualTo(first.skipped());
            });
            // refs packed (git gc) and a detached HEAD name the same commit
            Path gitDir = repo.resolve(".git");
            Path branch = gitDir.resolve("refs/heads/main");
            Files.writeString(gitDir.resolve("packed-refs"), "# pack-refs with: peeled fully-peeled sorted \n"
                    + Files.readString(branch).trim() + " refs/heads/main\n");
            Files.delete(branch);
            withoutObjects(repo, () -> assertThat(crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE)
                    .upToDate()).isTrue());
            Files.writeString(gitDir.resolve("HEAD"), first.commit() + "\n");
            withoutObjects(repo, () -> assertThat(crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE)
                    .upToDate()).isTrue());
        }
    }

    @Test
    void otherFlagsOtherCodeAnotherCommitOrAnotherGraphCrawlAgain() throws IOException {
        Path repo = GitFixtures.repo(tmp.resolve("r"), Fixture.files());
        try (CallGraph graph = CallGraph.open(tmp.resolve("r.db"))) {
            Crawler crawler = new Crawler(graph, tmp.resolve("cache"));
            crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            CrawlRequest flagged = new CrawlRequest(repo.toString(), null, null, List.of(), List.of("FEATURE_X"));
            CrawlRequest included = new CrawlRequest(repo.toString(), null, null, List.of("include"), List.of());
            withoutObjects(repo, () -> {
                for (CrawlRequest other : List.of(flagged, included)) {
                    assertThatThrownBy(() -> crawler.crawl(other, CrawlListener.NONE)).isInstanceOf(CallGraphException.class);
                }
                System.setProperty("opened.crawler.version", "another");
                assertThatThrownBy(() -> crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE))
                        .isInstanceOf(CallGraphException.class);
                System.clearProperty("opened.crawler.version");
            });
            // the long way, with the objects back: another flag is a crawl of its own, and its record replaces the old
            assertThat(crawler.crawl(flagged, CrawlListener.NONE).parsed()).isEqualTo(2);
            withoutObjects(repo, () -> {
                assertThat(crawler.crawl(flagged, CrawlListener.NONE).upToDate()).isTrue();
                assertThatThrownBy(() -> crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE))
                        .isInstanceOf(CallGraphException.class);
            });
            GitFixtures.commit(repo, Map.of("other.c", Fixture.OTHER_C.replace("x + y", "x * y")), "change other.c");
            CrawlSummary changed = crawler.crawl(flagged, CrawlListener.NONE);
            assertThat(changed.upToDate()).isFalse();
            assertThat(changed.parsed()).isEqualTo(1);
        }
        // another DB holds no graph of the repo: crawled whole
        try (CallGraph other = CallGraph.open(tmp.resolve("other.db"))) {
            CrawlSummary fresh = new Crawler(other, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()),
                    CrawlListener.NONE);
            assertThat(fresh.upToDate()).isFalse();
            assertThat(fresh.parsed()).isEqualTo(2);
        }
    }

    @Test
    void aGraphWithoutARecordIsCheckedWithJGitOnceAndThenRecorded() throws IOException {
        Path repo = GitFixtures.repo(tmp.resolve("o"), Fixture.files());
        try (CallGraph graph = CallGraph.open(tmp.resolve("o.db"))) {
            Crawler crawler = new Crawler(graph, tmp.resolve("cache"));
            crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            // as a crawl by the code before the record existed left it
            graph.update("UPDATE tu_cache SET result = ? WHERE key LIKE 'crawler-version:%'", List.of(new byte[0]));
            withoutObjects(repo, () -> assertThatThrownBy(() -> crawler.crawl(CrawlRequest.of(repo.toString()),
                    CrawlListener.NONE)).isInstanceOf(CallGraphException.class));
            assertThat(crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE).upToDate()).isTrue();
            withoutObjects(repo, () -> assertThat(crawler.crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE)
                    .upToDate()).isTrue());
        }
    }

    @Test
    void headIsReadOnlyFromThePlainLayouts() throws IOException {
        Path repo = GitFixtures.repo(tmp.resolve("h"), Fixture.files());
        String commit = Files.readString(repo.resolve(".git/refs/heads/main")).trim();
        assertThat(GitHead.commit(repo)).isEqualTo(commit);
        // a symbolic ref through another
        Files.createDirectories(repo.resolve(".git/refs/heads/topic"));
        Files.writeString(repo.resolve(".git/refs/heads/topic/alias"), "ref: refs/heads/main\n");
        Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/topic/alias\n");
        assertThat(GitHead.commit(repo)).isEqualTo(commit);
        // a branch with no commit yet, a ref outside refs/, a linked worktree's .git file: JGit decides
        Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/unborn\n");
        assertThat(GitHead.commit(repo)).isNull();
        Files.writeString(repo.resolve(".git/HEAD"), "ref: ../../outside\n");
        assertThat(GitHead.commit(repo)).isNull();
        Path linked = Files.createDirectories(tmp.resolve("linked"));
        Files.writeString(linked.resolve(".git"), "gitdir: " + repo.resolve(".git") + "\n");
        assertThat(GitHead.commit(linked)).isNull();
    }

    /** Runs {@code body} with the repository's object database moved away: JGit cannot read a commit. */
    private static void withoutObjects(Path repo, IoRunnable body) throws IOException {
        Path objects = repo.resolve(".git/objects");
        Path away = repo.resolve(".git/objects-away");
        Files.move(objects, away);
        try {
            body.run();
        } finally {
            Files.move(away, objects);
        }
    }

    private interface IoRunnable {
        void run() throws IOException;
    }
}
