package dev.opened.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.CrawlListener;
import dev.opened.callgraph.CrawlRequest;
import dev.opened.callgraph.Crawler;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;
import dev.opened.common.FileTrees;
import dev.opened.common.OpenedException;
import dev.opened.extractor.ExtractRequest;
import dev.opened.extractor.Extractor;
import dev.opened.extractor.Unit;
import dev.opened.extractor.UnitWriter;

/**
 * Extraction latency per function (closure, ordering, emit, write to disk): warm in this JVM
 * (median, p95 over every function of the inputs, three rounds after a warm-up round), and from
 * a cold start (a new {@code opened extract} process, as a shell user or an IDE runs it).
 */
final class ExtractBench implements Bench.Section {
    @Override
    public void run(List<String> args) throws Exception {
        List<Path> inputs = Bench.inputs(args);
        Path work = Files.createTempDirectory("opened-bench-extract-");
        try {
            Path db = work.resolve("cg.db");
            List<Definition> functions;
            try (CallGraph graph = CallGraph.open(db)) {
                Crawler crawler = new Crawler(graph, work.resolve("cache"));
                for (Path in : inputs) {
                    String name = (in.getFileName().toString().equals("repo") ? in.getParent() : in).getFileName().toString();
                    crawler.crawl(new CrawlRequest(in.toString(), name, null, List.of(), List.of()), CrawlListener.NONE);
                }
                functions = graph.definitions(null, DefinitionKind.FUNCTION);
                List<Double> warm = new ArrayList<>();
                int refused = 0;
                for (int round = 0; round < 4; round++) {
                    int i = 0;
                    for (Definition f : functions) {
                        long t0 = System.nanoTime();
                        try {
                            Unit u = new Extractor(graph).extract(new ExtractRequest(f, List.of()));
                            UnitWriter.write(u.files(), work.resolve("u" + round + "-" + i++), false);
                        } catch (OpenedException e) {
                            refused += round == 0 ? 1 : 0; // a clash of names: timed all the same
                        }
                        if (round > 0) {
                            warm.add((System.nanoTime() - t0) / 1e6);
                        }
                    }
                }
                System.out.printf("functions: %d (from %d repos; %d refused for clashing names)%n", functions.size(),
                        inputs.size(), refused);
                System.out.printf("warm (in one JVM, %d extractions): median %.1f ms, p95 %.1f ms, max %.1f ms%n", warm.size(),
                        pct(warm, 50), pct(warm, 95), Collections.max(warm));
            }
            List<Double> cold = new ArrayList<>();
            int n = Math.min(8, functions.size());
            for (int i = 0; i < n; i++) {
                Definition f = functions.get(i * functions.size() / n);
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss8m",
                        "-cp", System.getProperty("java.class.path"), "dev.opened.cli.Main", "--db", db.toString(), "extract",
                        f.name() + "@" + f.repo() + ":" + f.path() + ":" + f.startLine(), "-o", work.resolve("cold" + i).toString())
                        .redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) {
                    cold.add((System.nanoTime() - t0) / 1e6);
                }
            }
            System.out.printf("cold (a new 'opened extract' process each, %d runs): median %.0f ms, p95 %.0f ms%n", cold.size(),
                    pct(cold, 50), pct(cold, 95));
        } finally {
            FileTrees.delete(work);
        }
    }

    static double pct(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }
}
