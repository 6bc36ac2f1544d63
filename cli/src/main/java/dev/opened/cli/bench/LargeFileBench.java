package dev.opened.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.CrawlListener;
import dev.opened.callgraph.CrawlRequest;
import dev.opened.callgraph.CrawlSummary;
import dev.opened.callgraph.Crawler;
import dev.opened.common.FileTrees;

/**
 * Crawl time against the size of one file: generated eBPF files of 12k, 25k and 50k lines (or the
 * line counts given after {@code --}), each crawled into a fresh DB, time per 1,000 lines printed.
 * Generated syscall tables and protocol parsers put thousands of functions in one unit; a crawl
 * whose per-name work scans the unit grows with the square of that, which this table shows as a
 * per-1k-lines figure that rises with the size instead of staying flat.
 */
final class LargeFileBench implements Bench.Section {
    @Override
    public void run(List<String> args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a));
        }
        if (sizes.isEmpty()) {
            sizes.addAll(List.of(12_000, 25_000, 50_000));
        }
        warmUp();
        System.out.printf("%8s %9s %9s %9s %10s %9s%n", "lines", "functions", "calls", "s", "s/1k lines", "heap MiB");
        for (int target : sizes) {
            Path work = Files.createTempDirectory("opened-bench-big-");
            try {
                Path src = work.resolve("big");
                Files.createDirectories(src);
                String text = generate(target);
                Files.writeString(src.resolve("big.bpf.c"), text);
                long lines = text.lines().count();
                System.gc();
                ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
                long t0 = System.nanoTime();
                CrawlSummary s;
                try (CallGraph graph = CallGraph.open(work.resolve("big.db"))) {
                    s = new Crawler(graph, work.resolve("cache")).crawl(new CrawlRequest(src.toString(), "big", null,
                            List.of(), List.of()), CrawlListener.NONE);
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
                System.out.printf("%8d %9d %9d %9.2f %10.3f %9.0f%n", lines, s.functions(), s.calls(), secs,
                        secs / (lines / 1000.0), peak / 1048576.0);
            } finally {
                FileTrees.delete(work);
            }
        }
        System.out.println("(one generated unit per row, new DB each; the first CDT parse of the JVM was paid before)");
    }

    /** A small crawl first, so that CDT's one-time start (class loading, JIT) is not in the first row. */
    private static void warmUp() throws Exception {
        Path work = Files.createTempDirectory("opened-bench-big-");
        try {
            Path src = work.resolve("warm");
            Files.createDirectories(src);
            Files.writeString(src.resolve("warm.bpf.c"), generate(500));
            try (CallGraph graph = CallGraph.open(work.resolve("warm.db"))) {
                new Crawler(graph, work.resolve("cache")).crawl(new CrawlRequest(src.toString(), "warm", null, List.of(),
                        List.of()), CrawlListener.NONE);
            }
        } finally {
            FileTrees.delete(work);
        }
    }

    /**
     * About {@code lines} lines of eBPF C in the shape generated parsers have: many small inline
     * functions, each calling earlier ones, reading a map and using a struct, a few maps, enums and
     * prototypes, and one XDP program at the end calling the last function.
     */
    static String generate(int lines) {
        StringBuilder sb = new StringBuilder();
        sb.append("// SPDX-License-Identifier: GPL-2.0\n#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n\n");
        int n = 0;
        int maps = 0;
        int counted = 0;
        int at = 0;
        while (counted < lines - 10) {
            if (n % 100 == 0) {
                sb.append("struct {\n\t__uint(type, BPF_MAP_TYPE_HASH);\n\t__type(key, __u32);\n\t__type(value, __u64);\n")
                        .append("\t__uint(max_entries, ").append(64 + n).append(");\n} map_").append(maps++)
                        .append(" SEC(\".maps\");\n\n");
            }
            if (n % 4 == 0) {
                sb.append("struct rec_").append(n).append(" { __u32 a; __u64 b; };\n");
                sb.append("enum kind_").append(n).append(" { KIND_").append(n).append("_A = ").append(n)
                        .append(", KIND_").append(n).append("_B };\n");
            }
            int rec = n - n % 4;
            sb.append("static __always_inline int fn_").append(n).append("(struct xdp_md *ctx, int x);\n");
            sb.append("static __always_inline int fn_").append(n).append("(struct xdp_md *ctx, int x)\n{\n");
            sb.append("\tstruct rec_").append(rec).append(" r = { .a = x, .b = KIND_").append(rec).append("_B };\n");
            sb.append("\t__u64 *v = bpf_map_lookup_elem(&map_").append(maps - 1).append(", &r.a);\n");
            sb.append("\tif (v)\n\t\tr.b += *v;\n");
            sb.append("\treturn ");
            if (n > 0) {
                sb.append("fn_").append(n - 1).append("(ctx, x + 1) + ");
            }
            if (n > 7) {
                sb.append("fn_").append(n - 7).append("(ctx, x) + ");
            }
            sb.append("(int)r.b;\n}\n\n");
            for (; at < sb.length(); at++) {
                counted += sb.charAt(at) == '\n' ? 1 : 0;
            }
            n++;
        }
        sb.append("SEC(\"xdp\")\nint big_prog(struct xdp_md *ctx)\n{\n\treturn fn_").append(n - 1)
                .append("(ctx, 0) > 0 ? XDP_PASS : XDP_DROP;\n}\n\nchar _license[] SEC(\"license\") = \"GPL\";\n");
        return sb.toString();
    }
}
