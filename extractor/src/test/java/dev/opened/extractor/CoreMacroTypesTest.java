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
 * A type named only inside a CO-RE macro's argument ({@code bpf_core_field_exists(struct
 * x___v2, field)}, the style of libbpf-tools' core fixes): the parser does not resolve it through
 * the builtin the macro expands to, so the unit must take it by name. Our own C, real clang.
 */
class CoreMacroTypesTest {
    @TempDir
    Path tmp;

    private static final String FIXES = """
            #ifndef CORE_FIXES_H
            #define CORE_FIXES_H
            #include <bpf/bpf_core_read.h>

            struct moved_args___v2 {
                void *new_owner;
            } __attribute__((preserve_access_index));

            static __always_inline int args_have_new_owner(void)
            {
                if (bpf_core_field_exists(struct moved_args___v2, new_owner))
                    return 1;
                return 0;
            }
            #endif
            """;

    private static final String PROG = """
            // SPDX-License-Identifier: GPL-2.0
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>
            #include "core_fixes.h"

            SEC("kprobe/vfs_rename")
            int on_rename(void *ctx)
            {
                return args_have_new_owner();
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    @Test
    void aTypeNamedOnlyInACoreMacrosArgumentComesWithTheUnit() throws Exception {
        Path repo = GitFixtures.repo(tmp.resolve("fixes"), Map.of("core_fixes.h", FIXES, "rename.bpf.c", PROG));
        try (CallGraph graph = CallGraph.open(tmp.resolve("g.db"))) {
            new Crawler(graph, tmp.resolve("cache")).crawl(new CrawlRequest(repo.toString(), "fixes", null, List.of(),
                    List.of()), CrawlListener.NONE);
            Definition f = FunctionRef.parse("args_have_new_owner@fixes").resolve(graph);
            Unit u = new Extractor(graph).extract(new ExtractRequest(f, List.of()));
            // before: "incomplete definition of type 'struct moved_args___v2'"
            assertThat(u.files().get("args_have_new_owner.c")).contains("struct moved_args___v2 {");
            assertThat(ClangRunner.compile(UnitWriter.write(u.files(), tmp.resolve("unit"), false), u.manifest())).isNull();
        }
    }
}
