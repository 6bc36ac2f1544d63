package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * Fuzzes the crawler with mutated corpus files ({@link Mutations}): each input is a variant of a
 * corpus file placed beside the original in a copy of its repository, so that its includes
 * resolve; inputs are crawled in batches. Nothing may escape the crawl but its summary: no
 * exception, no hang (the parse limits bound each unit), every unit that could not be parsed a
 * problem record, and no byte of a file outside the repository in the database.
 *
 * <p>A fixed seed and a few hundred inputs run with every build; {@code bin/fuzz} runs thousands
 * ({@code -Dopened.fuzz.inputs}, {@code -Dopened.fuzz.seed}).
 */
class CrawlFuzzTest {
    private static final String SECRET = "fuzz_secret_9c41e";
    private static final int BATCH = 30;

    @TempDir
    Path tmp;

    @Test
    void mutatedCorpusFilesNeverEscapeTheCrawl() throws IOException {
        int inputs = Integer.getInteger("opened.fuzz.inputs", 240);
        long seed = Long.getLong("opened.fuzz.seed", 20261125L);
        Path secret = Files.writeString(tmp.resolve("secret.h"), "int " + SECRET + ";\n");
        Mutations mutations = new Mutations(seed, secret.toString());
        List<Path> repos = List.of(GitFixtures.corpus("lb"), GitFixtures.corpus("xdp-basics"), GitFixtures.corpus("tracing"));
        java.util.Random pick = new java.util.Random(seed);
        // tighter than the defaults, which real units stay far below: a hostile input fails sooner
        Map<String, String> limits = Map.of("opened.parse.alloc.mb", "256", "opened.parse.seconds", "5");
        Map<String, String> old = new TreeMap<>();
        limits.forEach((k, v) -> {
            old.put(k, System.getProperty(k));
            System.setProperty(k, v);
        });
        int units = 0;
        int failed = 0;
        int problems = 0;
        Map<String, Integer> kindCounts = new TreeMap<>();
        long t0 = System.nanoTime();
        try (CallGraph graph = CallGraph.open(tmp.resolve("fuzz.db"))) {
            Crawler crawler = new Crawler(graph, tmp.resolve("cache"));
            for (int done = 0, batch = 0; done < inputs; batch++) {
                Path base = repos.get(batch % repos.size());
                Path dir = tmp.resolve("batch-" + batch);
                GitFixtures.copyTree(base, dir);
                List<Path> originals = sources(dir);
                Map<String, String> what = new TreeMap<>();
                for (int i = 0; i < BATCH && done < inputs; i++, done++) {
                    Path from = originals.get(pick.nextInt(originals.size()));
                    String ext = from.toString().endsWith(".h") ? ".h" : ".c";
                    String name = "fuzz_" + done + ext;
                    StringBuilder kinds = new StringBuilder();
                    Files.write(from.resolveSibling(name), mutations.apply(Files.readAllBytes(from), name, kinds));
                    what.put(dir.relativize(from.resolveSibling(name)).toString(), kinds.toString());
                    for (String k : kinds.toString().split("\\+")) {
                        kindCounts.merge(k, 1, Integer::sum);
                    }
                }
                CrawlSummary s = crawler.crawl(new CrawlRequest(dir.toString(), "fuzz-" + base.getFileName(), null, List.of(),
                        List.of()), CrawlListener.NONE);
                List<Problem> found = graph.problems(s.repo());
                for (String unit : s.failedUnits()) {
                    assertThat(found).as("failed unit %s (%s)", unit, what.get(unit))
                            .anySatisfy(p -> assertThat(p.translationUnit()).isEqualTo(unit));
                }
                if (Boolean.getBoolean("opened.fuzz.verbose")) {
                    System.out.printf(java.util.Locale.ROOT, "batch %d: %.1f s, failed %s%n", batch, s.seconds(),
                            s.failedUnits().stream().map(u -> u + " (" + what.get(u) + ")").toList());
                }
                units += s.parsed();
                failed += s.failedUnits().size();
                problems += s.problems();
                assertThat(leaks(graph)).as("batch %d: %s", batch, what).isZero();
                deleteTree(dir);
            }
        } finally {
            old.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
        System.out.printf(java.util.Locale.ROOT,
                "fuzz: %d inputs, seed %d: %d units parsed, %d could not be parsed (each a problem record), "
                        + "%d problems, no escape; mutations %s; %.0f s%n",
                inputs, seed, units, failed, problems, kindCounts, (System.nanoTime() - t0) / 1e9);
    }

    private static List<Path> sources(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".h")).sorted().toList();
        }
    }

    /** Rows holding the secret, counted by SQLite: the database grows with every batch, no copy of it is made. */
    private static int leaks(CallGraph graph) {
        int n = 0;
        for (String sql : List.of("SELECT count(*) FROM blobs WHERE instr(content, ?) > 0",
                "SELECT count(*) FROM defs WHERE instr(name || ifnull(signature, ''), ?) > 0",
                "SELECT count(*) FROM problems WHERE instr(message, ?) > 0")) {
            n += graph.query(sql, List.of(SECRET), rs -> rs.getInt(1)).get(0);
        }
        return n;
    }

    private static void deleteTree(Path dir) throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.forEach(all::add);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(all.get(i));
        }
    }
}
