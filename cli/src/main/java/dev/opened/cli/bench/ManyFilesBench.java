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
 * Memory of a large repository's crawl: a generated repository of 1,000 files (or the count given
 * after {@code --}; half eBPF units, half headers, half of the units CO-RE programs including a
 * {@code vmlinux.h}, the other half XDP programs on the UAPI headers, shared headers with
 * {@code #ifdef}s) crawled in a new process whose heap is 1 GiB ({@code -Xmx1g}, or
 * {@code --heap SIZE}). Prints the peak heap, the CPU time and the units that failed.
 */
final class ManyFilesBench implements Bench.Section {
    private static final int SHARED = 50;

    @Override
    public void run(List<String> args) throws Exception {
        if (!args.isEmpty() && args.get(0).equals("--child")) {
            child(Path.of(args.get(1)));
            return;
        }
        int files = 1000;
        String heap = "1g";
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--heap")) {
                heap = args.get(++i);
            } else {
                files = Integer.parseInt(args.get(i));
            }
        }
        Path work = Files.createTempDirectory("opened-bench-many-");
        try {
            Path src = work.resolve("many");
            int units = generate(src, files);
            System.out.printf("%6s %6s %6s | %6s %8s %8s %6s %8s %9s%n", "files", "units", "heap", "parsed", "failed",
                    "wall s", "CPU s", "defs", "peak MiB");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-Xss8m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    Bench.class.getName(), "manyfiles", "--", "--child", src.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            // the child's own section header left out
            String out = new String(p.getInputStream().readAllBytes()).lines().filter(l -> !l.startsWith("==") && !l.isBlank())
                    .reduce((x, y) -> x + " / " + y).orElse("");
            int rc = p.waitFor();
            System.out.printf("%6d %6d %6s | %s%s%n", files, units, heap, out.isEmpty() ? "(no output)" : out,
                    rc == 0 ? "" : "  exit " + rc);
        } finally {
            FileTrees.delete(work);
        }
    }

    /** The crawl itself, in the child with the small heap: one line of figures. */
    private static void child(Path src) throws Exception {
        long t0 = System.nanoTime();
        CrawlSummary s;
        try (CallGraph graph = CallGraph.open(src.resolveSibling("many.db"))) {
            s = new Crawler(graph, src.resolveSibling("cache")).crawl(new CrawlRequest(src.toString(), "many", null,
                    List.of(), List.of()), CrawlListener.NONE);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        System.out.printf("%6d %8d %8.2f %6.1f %8d %9.0f%n", s.parsed(), s.failedUnits().size(), secs, cpu, s.functions(),
                peak / 1048576.0);
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Writes the repository; returns the number of units. */
    static int generate(Path dir, int files) throws java.io.IOException {
        Files.createDirectories(dir.resolve("include"));
        Files.createDirectories(dir.resolve("progs"));
        Files.writeString(dir.resolve("include/net_common.h"), """
                #ifndef NET_COMMON_H
                #define NET_COMMON_H
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                #define MAX_SLOTS 1024
                #endif
                """);
        Files.writeString(dir.resolve("include/core_common.h"), """
                #ifndef CORE_COMMON_H
                #define CORE_COMMON_H
                #include "vmlinux.h"
                #include <bpf/bpf_helpers.h>
                #include <bpf/bpf_core_read.h>
                #include <bpf/bpf_tracing.h>
                #define MAX_SLOTS 1024
                #endif
                """);
        for (int k = 0; k < SHARED; k++) {
            Files.writeString(dir.resolve("include/shared_" + k + ".h"), String.format("""
                    #ifndef SHARED_%1$d_H
                    #define SHARED_%1$d_H
                    struct shared_%1$d { __u32 a; __u64 b; };
                    #ifdef FEATURE_%1$d
                    static __always_inline __u64 shared_fn_%1$d(struct shared_%1$d *s) { return s->a * 2; }
                    #else
                    static __always_inline __u64 shared_fn_%1$d(struct shared_%1$d *s) { return s->a + s->b; }
                    #endif
                    #endif
                    """, k));
        }
        int units = (files - 2 - SHARED) / 2;
        for (int i = 0; i < units; i++) {
            boolean core = i % 2 == 0;
            int a = i % SHARED;
            int b = (i * 7 + 3) % SHARED;
            Files.writeString(dir.resolve("progs/p_" + i + ".h"), String.format("""
                    #ifndef P_%1$d_H
                    #define P_%1$d_H
                    struct event_%1$d { __u32 pid; __u64 value; };
                    static __always_inline __u64 mix_%1$d(struct shared_%2$d *s, __u64 v) { return shared_fn_%2$d(s) ^ v; }
                    #endif
                    """, i, a));
            StringBuilder c = new StringBuilder();
            c.append("// SPDX-License-Identifier: GPL-2.0\n")
                    .append(core ? "#include \"../include/core_common.h\"\n" : "#include \"../include/net_common.h\"\n")
                    .append("#include \"../include/shared_").append(a).append(".h\"\n")
                    .append("#include \"../include/shared_").append(b).append(".h\"\n")
                    .append("#include \"p_").append(i).append(".h\"\n\n")
                    .append("struct {\n\t__uint(type, BPF_MAP_TYPE_HASH);\n\t__type(key, __u32);\n")
                    .append("\t__type(value, struct event_").append(i).append(");\n\t__uint(max_entries, MAX_SLOTS);\n} events_")
                    .append(i).append(" SEC(\".maps\");\n\n");
            for (int f = 0; f < 5; f++) {
                c.append("static __always_inline __u64 step_").append(i).append('_').append(f).append("(__u32 key, __u64 v)\n{\n")
                        .append("\tstruct event_").append(i).append(" *e = bpf_map_lookup_elem(&events_").append(i)
                        .append(", &key);\n\tstruct shared_").append(b).append(" s = { .a = key, .b = v };\n")
                        .append("\tif (!e)\n\t\treturn shared_fn_").append(b).append("(&s);\n")
                        .append("\treturn e->value + ").append(f == 0 ? "v" : "step_" + i + "_" + (f - 1) + "(key, v + 1)")
                        .append(";\n}\n\n");
            }
            if (core) {
                c.append("SEC(\"kprobe/do_unlinkat\")\nint BPF_KPROBE(probe_").append(i).append(", int dfd)\n{\n")
                        .append("\tstruct task_struct *t = (struct task_struct *)bpf_get_current_task();\n")
                        .append("\t__u32 pid = BPF_CORE_READ(t, tgid);\n")
                        .append("\tstruct shared_").append(a).append(" s = { .a = pid };\n")
                        .append("\treturn (int)(mix_").append(i).append("(&s, step_").append(i).append("_4(pid, dfd)) & 1);\n}\n\n");
            } else {
                c.append("SEC(\"xdp\")\nint xdp_").append(i).append("(struct xdp_md *ctx)\n{\n")
                        .append("\tstruct shared_").append(a).append(" s = { .a = ctx->ingress_ifindex };\n")
                        .append("\treturn (mix_").append(i).append("(&s, step_").append(i)
                        .append("_4(ctx->rx_queue_index, 0)) & 1) ? XDP_PASS : XDP_DROP;\n}\n\n");
            }
            c.append("char LICENSE[] SEC(\"license\") = \"GPL\";\n");
            Files.writeString(dir.resolve("progs/p_" + i + ".bpf.c"), c.toString());
        }
        return units;
    }
}
