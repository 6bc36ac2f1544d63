package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * Two equal vmlinux.h files in one directory, parsed alone as headers no unit includes: one is
 * parsed, the other takes its result under its own name, and the graph holds each file's own
 * problems, as when both were parsed.
 */
class KernelTypesTwinsTest {
    private static final String VMLINUX = """
            #ifndef __VMLINUX_H__
            #define __VMLINUX_H__
            #define __ksym __attribute__((section(".ksyms")))
            typedef unsigned int __u32;
            struct task_struct { __u32 pid; };
            int broken_decl( ;
            extern int kfunc_x(struct task_struct *t) __ksym;
            #endif
            """;

    @TempDir
    Path tmp;

    @Test
    void eachTwinKeepsItsOwnProblems() {
        Path repo = GitFixtures.repo(tmp.resolve("twins"), Map.of("arm64/vmlinux_614.h", VMLINUX, "arm64/vmlinux.h", VMLINUX,
                "s390/vmlinux.h", VMLINUX, "prog.bpf.c", "#define SEC(n) __attribute__((section(n), used))\n"
                        + "SEC(\"xdp\") int prog(void *ctx) { return 2; }\n"));
        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            List<String> problems = graph.problems("twins").stream()
                    .map(p -> p.path() + ":" + p.line() + " " + p.message() + " tu=" + p.translationUnit()).sorted().toList();
            assertThat(problems).containsExactly("arm64/vmlinux.h:6 Syntax error tu=arm64/vmlinux.h",
                    "arm64/vmlinux_614.h:6 Syntax error tu=arm64/vmlinux_614.h", "s390/vmlinux.h:6 Syntax error tu=s390/vmlinux.h");
        }
        Map<String, String> files = Map.of("a/vmlinux.h", VMLINUX, "a/vmlinux_614.h", VMLINUX, "b/vmlinux.h", VMLINUX);
        Map<String, SourceTree.Blob> blobs = new java.util.TreeMap<>();
        files.forEach((p, t) -> blobs.put(p, new SourceTree.Blob(p, t)));
        assertThat(KernelTypesTwins.of(List.copyOf(blobs.keySet()), blobs)).isEqualTo(Map.of("a/vmlinux_614.h", "a/vmlinux.h"));
    }
}
