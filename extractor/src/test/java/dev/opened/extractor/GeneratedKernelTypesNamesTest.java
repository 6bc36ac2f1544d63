package dev.opened.extractor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
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
 * A repo whose build generates the kernel's types under a name of its own (katran's tpr includes
 * {@code <bpf/vmlinux/vmlinux.h>}) and commits none: the crawl and the unit take the generated
 * kernel types (the test kernel's BTF) under that name too. Our own C; needs the test kernel.
 */
@Tag("kernel")
class GeneratedKernelTypesNamesTest {
    @TempDir
    Path tmp;

    @Test
    void aGeneratedVmlinuxIncludedByATreeNameIsCopiedIntoTheUnit() throws Exception {
        String prog = """
                // SPDX-License-Identifier: GPL-2.0
                #ifdef OWN_BUILD_SWITCH
                #include "vmlinux.h"
                #else
                #include <bpf/vmlinux/vmlinux.h>
                #endif
                #include <bpf/bpf_helpers.h>

                SEC("sockops")
                int count_ops(struct bpf_sock_ops *skops)
                {
                    return skops->op == BPF_SOCK_OPS_TCP_CONNECT_CB;
                }

                char LICENSE[] SEC("license") = "GPL";
                """;
        Path repo = GitFixtures.repo(tmp.resolve("tpr"), Map.of("router.bpf.c", prog));
        try (CallGraph graph = CallGraph.open(tmp.resolve("g.db"))) {
            new Crawler(graph, tmp.resolve("cache")).crawl(new CrawlRequest(repo.toString(), "tpr", null, List.of(), List.of()),
                    CrawlListener.NONE);
            Definition f = FunctionRef.parse("count_ops@tpr").resolve(graph);
            Unit u = new Extractor(graph).extract(new ExtractRequest(f, List.of()));
            // before: the directive stayed, and nothing answers it beside the unit
            // each branch's include, under its own guard: the default build takes the #else one
            assertThat(u.files().get("count_ops.c")).contains("#else\n#include \"vmlinux.h\"").doesNotContain("bpf/vmlinux/vmlinux.h");
            assertThat(u.files()).containsKey("vmlinux.h");
            assertThat(ClangRunner.compile(UnitWriter.write(u.files(), tmp.resolve("unit"), false), u.manifest())).isNull();
        }
    }
}
