package dev.opened.extractor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.CrawlListener;
import dev.opened.callgraph.CrawlRequest;
import dev.opened.callgraph.Crawler;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.FunctionRef;
import dev.opened.callgraph.testing.GitFixtures;

/**
 * A kernel function (kfunc) a program calls is declared by the program's own file as {@code extern
 * ... __ksym}: that declaration is all there is of it, so the unit must carry it. Our own C.
 */
class KfuncDeclarationTest {
    @TempDir
    Path tmp;

    private static final String PROG = """
            // SPDX-License-Identifier: GPL-2.0
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            struct task_struct;

            extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
            extern void bpf_task_release(struct task_struct *p) __ksym;

            static __always_inline int hold_and_drop(struct task_struct *t)
            {
                struct task_struct *held = bpf_task_acquire(t);

                if (!held)
                    return 0;
                bpf_task_release(held);
                return 1;
            }

            SEC("tp_btf/task_newtask")
            int on_new_task(unsigned long long *ctx)
            {
                return hold_and_drop((struct task_struct *)ctx[0]);
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    @Test
    void aCalledKfuncsExternDeclarationComesWithTheUnit() throws Exception {
        Path repo = GitFixtures.repo(tmp.resolve("kf"), Map.of("tasks.bpf.c", PROG));
        try (CallGraph graph = CallGraph.open(tmp.resolve("g.db"))) {
            new Crawler(graph, tmp.resolve("cache")).crawl(new CrawlRequest(repo.toString(), "kf", null, List.of(), List.of()),
                    CrawlListener.NONE);
            Definition f = FunctionRef.parse("hold_and_drop@kf").resolve(graph);
            Unit u = new Extractor(graph).extract(new ExtractRequest(f, List.of()));
            String source = u.files().get("hold_and_drop.c");
            // before: neither declaration came, and clang refused the implicit declarations
            assertThat(source).contains("bpf_task_acquire(struct task_struct *p) __ksym;")
                    .contains("bpf_task_release(struct task_struct *p) __ksym;");
            assertThat(ClangRunner.compile(UnitWriter.write(u.files(), tmp.resolve("unit"), false), u.manifest())).isNull();
        }
    }
}
