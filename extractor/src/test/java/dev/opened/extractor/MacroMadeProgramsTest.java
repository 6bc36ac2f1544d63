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
 * One macro invocation that defines several programs (an entry probe and its return probe, as
 * tracing agents write one line per syscall): the unit of either carries the invocation, so it
 * needs what every program of that invocation uses. Our own C, real crawl, real clang.
 */
class MacroMadeProgramsTest {
    @TempDir
    Path tmp;

    private static final String PROG = """
            // SPDX-License-Identifier: GPL-2.0
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>
            #include "ret_state.h"

            #define ENTRY_FUNC(name)                                  \\
                SEC("kprobe/" #name)                                  \\
                int enter_##name(void *ctx)                           \\
                {                                                     \\
                    return 0;                                         \\
                }

            #define RETURN_FUNC(name)                                 \\
                SEC("kretprobe/" #name)                               \\
                int leave_##name(void *ctx)                           \\
                {                                                     \\
                    ret_state_t st = {};                              \\
                    return note_return(&st, ctx);                     \\
                }

            #define PROBE_PAIR(name) ENTRY_FUNC(name) RETURN_FUNC(name)

            PROBE_PAIR(dup)

            char LICENSE[] SEC("license") = "GPL";
            """;

    private static final String RET_STATE = """
            #ifndef RET_STATE_H
            #define RET_STATE_H
            typedef struct { unsigned long long ts; } ret_state_t;
            static __always_inline int note_return(ret_state_t *st, void *ctx)
            {
                st->ts = bpf_ktime_get_ns();
                return ctx != 0;
            }
            #endif
            """;

    @Test
    void theEntryProgramsUnitCarriesWhatItsTwinUses() throws Exception {
        Path repo = GitFixtures.repo(tmp.resolve("pairs"), Map.of("probes.bpf.c", PROG, "ret_state.h", RET_STATE));
        try (CallGraph graph = CallGraph.open(tmp.resolve("g.db"))) {
            new Crawler(graph, tmp.resolve("cache")).crawl(new CrawlRequest(repo.toString(), "pairs", null, List.of(),
                    List.of()), CrawlListener.NONE);
            for (String program : List.of("enter_dup", "leave_dup")) {
                Definition f = FunctionRef.parse(program + "@pairs").resolve(graph);
                Unit u = new Extractor(graph).extract(new ExtractRequest(f, List.of()));
                String source = u.files().values().stream().filter(t -> t.contains("PROBE_PAIR(dup)")).findFirst().orElseThrow();
                // before: enter_dup's unit lacked ret_state_t and note_return, which only leave_dup names
                assertThat(source).as(program).contains("ret_state_t;").contains("note_return(ret_state_t");
                assertThat(ClangRunner.compile(UnitWriter.write(u.files(), tmp.resolve(program), false), u.manifest()))
                        .as(program).isNull();
            }
        }
    }
}
