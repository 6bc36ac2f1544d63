package dev.opened.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.CrawlListener;
import dev.opened.callgraph.CrawlRequest;
import dev.opened.callgraph.Crawler;
import dev.opened.library.LibraryBuilder;
import dev.opened.library.LibraryListener;
import dev.opened.library.LibraryRequest;
import dev.opened.library.LibrarySummary;

/**
 * Library throughput: the inputs crawled into a fresh DB, then {@code opened library build} for
 * xdp and tc with {@code -j} the core count and one boot of Debian's kernel, then the same build
 * again (nothing changed: every unit taken from the first run). The kernel's helper probe is
 * cached from earlier runs, as it is for every build after the first on a machine. Units per minute overall and by
 * stage; stage times are summed over threads, so with {@code -j 2} they can exceed the wall time.
 */
final class LibraryBench implements Bench.Section {
    @Override
    public void run(List<String> args) throws Exception {
        List<Path> inputs = Bench.inputs(args);
        Path work = Files.createTempDirectory("opened-bench-library-");
        Path db = work.resolve("cg.db");
        try (CallGraph graph = CallGraph.open(db)) {
            Crawler crawler = new Crawler(graph, work.resolve("cache"));
            for (Path in : inputs) {
                String name = (in.getFileName().toString().equals("repo") ? in.getParent() : in).getFileName().toString();
                crawler.crawl(new CrawlRequest(in.toString(), name, null, List.of(), List.of()), CrawlListener.NONE);
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        LibraryRequest req = new LibraryRequest(db, List.of(), "all", List.of("xdp", "tc"), work.resolve("lib"), cores,
                List.of("debian"), null, null, Bench.root());
        LibraryBuilder builder = new LibraryBuilder(Bench.root(), System.getenv("PATH"));
        long t0 = System.nanoTime();
        LibrarySummary s = builder.build(req, new LibraryListener() {
        });
        double wall = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        LibrarySummary again = builder.build(req, new LibraryListener() {
        });
        double rerun = (System.nanoTime() - t1) / 1e9;
        System.out.printf("inputs: %d repos; -j %d; hooks xdp, tc; kernel debian%n", inputs.size(), cores);
        System.out.println(s.line());
        System.out.printf("first build: %.1f s wall, %.0f units/min (verification included)%n", wall, s.units() / wall * 60);
        for (Map.Entry<String, Long> e : s.stageMillis().entrySet()) {
            double sec = e.getValue() / 1000.0;
            System.out.printf("  %-9s %7.1f s  %s%n", e.getKey(), sec,
                    sec == 0 ? "" : String.format("%.0f units/min", s.units() / sec * 60));
        }
        System.out.printf("second build (nothing changed): %.2f s, %d made, %d boots%n", rerun, again.rebuilt(), again.boots());
    }
}
