package dev.opened.cli.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/bench [SECTION...] [-- ARGS]}: runs OPENED's benchmarks and prints their figures.
 * Each section is one class with a {@code run(List<String> args)} that prints a table; figures
 * are recorded by hand in {@code docs/PERFORMANCE.md}. Timings live here, never in unit tests.
 */
public final class Bench {
    private Bench() {
    }

    /** A benchmark section. */
    public interface Section {
        /** Runs the section with the paths or options given after the section names. */
        void run(List<String> args) throws Exception;
    }

    private static Map<String, Section> sections() {
        Map<String, Section> m = new LinkedHashMap<>();
        // sections register here
        m.put("crawl", new CrawlBench());
        m.put("bigfile", new LargeFileBench());
        m.put("extract", new ExtractBench());
        m.put("startup", new StartupBench());
        m.put("verify", new VerifyBench());
        m.put("library", new LibraryBench());
        m.put("manyfiles", new ManyFilesBench());
        return m;
    }

    /**
     * Waits (at most 10 s) until this JVM has been idle for 200 ms (under 10% of a core): a process
     * timed right after this JVM's own work shared the two cores with its compiler and collector
     * threads finishing that work. The JIT's compilation time alone did not say it: a long C2
     * compilation counts only once done.
     */
    static void quiesce() throws InterruptedException {
        if (!(java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os)) {
            Thread.sleep(1000);
            return;
        }
        long last = os.getProcessCpuTime();
        for (int i = 0; i < 50; i++) {
            Thread.sleep(200);
            long now = os.getProcessCpuTime();
            if (now - last < 20_000_000L) {
                return;
            }
            last = now;
        }
    }

    /** The project root, from {@code -Dopened.root} as {@code bin/opened} sets it. */
    static java.nio.file.Path root() {
        return java.nio.file.Path.of(System.getProperty("opened.root", "."));
    }

    /** The repos a section measures: the paths given, else every test-corpus repo. */
    static List<java.nio.file.Path> inputs(List<String> args) throws java.io.IOException {
        List<java.nio.file.Path> inputs = new ArrayList<>();
        if (args.isEmpty()) {
            try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(root().resolve("test-corpus"))) {
                s.filter(java.nio.file.Files::isDirectory).sorted().forEach(inputs::add);
            }
        } else {
            // absolute: codequery and clang run in their own working directories
            args.forEach(a -> inputs.add(java.nio.file.Path.of(a).toAbsolutePath().normalize()));
        }
        return inputs;
    }

    /** Runs the named sections (all when none is named). */
    public static void main(String[] argv) throws Exception {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        Map<String, Section> all = sections();
        List<String> chosen = new ArrayList<>();
        while (!args.isEmpty() && all.containsKey(args.get(0))) {
            chosen.add(args.remove(0));
        }
        if (!args.isEmpty() && args.get(0).equals("--")) {
            args.remove(0);
        }
        if (chosen.isEmpty()) {
            chosen.addAll(all.keySet());
        }
        for (String name : chosen) {
            System.out.println("== " + name + " ==");
            all.get(name).run(args);
            System.out.println();
        }
    }
}
