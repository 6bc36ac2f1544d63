package dev.opened.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.CrawlListener;
import dev.opened.callgraph.CrawlRequest;
import dev.opened.callgraph.Crawler;
import dev.opened.common.FileTrees;

/**
 * Start-up of the quick verbs as an editor runs them: {@code bin/opened funcs}, {@code show} and
 * {@code extract} on the test corpus's {@code lb}, each a new process, with the launcher's start-up
 * aids off ({@code OPENED_CDS=off}) and on, runs of the two interleaved so that a busy machine
 * slows both alike. Wall time is what a user waits; CPU time (user + system, from
 * {@code /usr/bin/time} when it is there) moves less with the machine's load.
 */
final class StartupBench implements Bench.Section {
    private static final int RUNS = 10;

    @Override
    public void run(List<String> args) throws Exception {
        Path work = Files.createTempDirectory("opened-bench-start-");
        try {
            Path db = work.resolve("lb.db");
            try (CallGraph graph = CallGraph.open(db)) {
                new Crawler(graph, work.resolve("cache")).crawl(new CrawlRequest(
                        Bench.root().resolve("test-corpus/lb").toString(), "lb", null, List.of(), List.of()),
                        CrawlListener.NONE);
            }
            Path launcher = Bench.root().resolve("bin/opened");
            boolean timeTool = Files.isExecutable(Path.of("/usr/bin/time"));
            List<List<String>> verbs = List.of(List.of("funcs"), List.of("show", "balancer_ingress"),
                    List.of("extract", "balancer_ingress", "-o", work.resolve("unit").toString(), "--force"));
            // one untimed run makes the archive if the build is new
            measure(launcher, db, verbs.get(0), "on", timeTool, work);
            System.out.printf("%-10s %-4s %12s %9s %9s %13s%n", "verb", "aids", "wall median", "wall p95", "wall min",
                    "cpu median");
            for (List<String> verb : verbs) {
                List<double[]> off = new ArrayList<>();
                List<double[]> on = new ArrayList<>();
                for (int i = 0; i < RUNS; i++) {
                    off.add(measure(launcher, db, verb, "off", timeTool, work));
                    on.add(measure(launcher, db, verb, "on", timeTool, work));
                }
                print(verb.get(0), "off", off);
                print(verb.get(0), "on", on);
            }
            System.out.println("(" + RUNS + " new processes per row via bin/opened; aids: AppCDS archive, SQLite library"
                    + " written once, C1 only; " + Runtime.getRuntime().availableProcessors() + " cores, load "
                    + String.format("%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage()) + ")");
        } finally {
            FileTrees.delete(work);
        }
    }

    private static void print(String verb, String aids, List<double[]> runs) {
        List<Double> wall = runs.stream().map(r -> r[0]).sorted().toList();
        List<Double> cpu = runs.stream().map(r -> r[1]).filter(c -> !Double.isNaN(c)).sorted().toList();
        System.out.printf("%-10s %-4s %9.0f ms %6.0f ms %6.0f ms %10s%n", verb, aids, wall.get(wall.size() / 2),
                wall.get(Math.min(wall.size() - 1, (int) Math.ceil(wall.size() * 0.95) - 1)), wall.get(0),
                cpu.isEmpty() ? "-" : String.format("%.0f ms", cpu.get(cpu.size() / 2)));
    }

    /** Wall and CPU milliseconds of one {@code bin/opened --db DB VERB...} process. */
    private static double[] measure(Path launcher, Path db, List<String> verb, String aids, boolean timeTool, Path work)
            throws Exception {
        Path times = work.resolve("time.txt");
        List<String> cmd = new ArrayList<>();
        if (timeTool) {
            cmd.addAll(List.of("/usr/bin/time", "-f", "%U %S", "-o", times.toString()));
        }
        cmd.addAll(List.of(launcher.toString(), "--db", db.toString()));
        cmd.addAll(verb);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("OPENED_CDS", aids);
        pb.environment().remove("OPENED_MAIN");
        pb.environment().remove("OPENED_JAVA_OPTS");
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + ": no answer in 2 minutes");
        }
        double wall = (System.nanoTime() - t0) / 1e6;
        double cpu = Double.NaN;
        if (timeTool && Files.exists(times)) {
            for (String line : Files.readAllLines(times)) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2 && f[0].matches("[0-9.]+")) {
                    cpu = (Double.parseDouble(f[0]) + Double.parseDouble(f[1])) * 1000;
                }
            }
        }
        return new double[] {wall, cpu};
    }
}
