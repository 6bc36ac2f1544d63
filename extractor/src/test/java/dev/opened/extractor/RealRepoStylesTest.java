package dev.opened.extractor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * Units of code written in the styles that real repositories use and that once gave units which
 * did not compile where the original does; our own C, each repo made with JGit, crawled by the
 * real crawler, every unit built by real clang.
 */
class RealRepoStylesTest {
    @TempDir
    static Path tmp;
    static CallGraph graph;

    private static final String GPL_NOTICE = "/* This program is free software; you can redistribute it and/or modify it under\n"
            + " * the terms of the GNU General Public License version 2. */\n";

    /** An older samples-style helpers header: its own SEC and helpers as function-pointer variables. */
    private static final String OWN_HELPERS = "#ifndef OWN_HELPERS_H\n#define OWN_HELPERS_H\n"
            + "#define SEC(NAME) __attribute__((section(NAME), used))\n"
            + "static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *) BPF_FUNC_map_lookup_elem;\n"
            + "struct map_def { unsigned int type; unsigned int key_size; unsigned int value_size; unsigned int max_entries; };\n"
            + "#endif\n";

    /**
     * The repo's own copy of the UAPI header, under the system header's include guard: a unit that
     * includes {@code <linux/bpf.h>} first never sees the copy's definitions.
     */
    private static final String OWN_UAPI = "#ifndef _UAPI__LINUX_BPF_H__\n#define _UAPI__LINUX_BPF_H__\n"
            + "enum bpf_func_id {\n\tBPF_FUNC_unspec,\n\tBPF_FUNC_map_lookup_elem,\n};\n"
            + "struct xdp_md {\n\tunsigned int data;\n\tunsigned int data_end;\n};\n"
            + "struct __sk_buff {\n\tunsigned int len;\n\tunsigned int pkt_type;\n};\n"
            + "enum xdp_action {\n\tXDP_ABORTED = 0,\n\tXDP_DROP,\n\tXDP_PASS,\n};\n#endif\n";

    @BeforeAll
    static void crawl() {
        graph = CallGraph.open(tmp.resolve("styles.db"));
        Crawler crawler = new Crawler(graph, tmp.resolve("cache"));
        // a header of pure helpers under a GPL notice that nothing in it needs SEC for
        Path mixing = GitFixtures.repo(tmp.resolve("mixing"), Map.of(
                "inc/mix.h", GPL_NOTICE + "#ifndef MIX_H\n#define MIX_H\n"
                        + "static inline unsigned int mix_rot(unsigned int w, unsigned int s) { return (w << s) | (w >> (32 - s)); }\n"
                        + "static inline unsigned int mix3(unsigned int a, unsigned int b, unsigned int c)\n"
                        + "{\n\ta -= c; a ^= mix_rot(c, 4);\n\tb -= a; b ^= mix_rot(a, 6);\n\treturn b + c;\n}\n#endif\n",
                "inc/own_helpers.h", OWN_HELPERS,
                "prog/hash.c", GPL_NOTICE + "#include <linux/bpf.h>\n#include \"../inc/own_helpers.h\"\n#include \"../inc/mix.h\"\n"
                        + "SEC(\"xdp\") int hash_prog(struct xdp_md *ctx)\n{\n\treturn mix3(ctx->data, ctx->data_end, 7) ? XDP_PASS : XDP_DROP;\n}\n"
                        + "char _license[] SEC(\"license\") = \"GPL\";\n"));
        crawler.crawl(CrawlRequest.of(mixing.toString()), CrawlListener.NONE);
        // the program includes <linux/bpf.h> before the repo's copy; a debug header that no .c
        // includes reaches the copy's definitions when it is parsed alone
        Path guarded = GitFixtures.repo(tmp.resolve("guarded"), Map.of(
                "lib/uapi_bpf.h", OWN_UAPI,
                "lib/own_helpers.h", OWN_HELPERS,
                "lib/debug_maps.h", "#include \"uapi_bpf.h\"\n#include \"own_helpers.h\"\n"
                        + "struct map_def SEC(\"maps\") debug_counts = { .type = 2, .key_size = 4, .value_size = 8, .max_entries = 4 };\n",
                "tc/info.c", "#include <linux/bpf.h>\n#include \"../lib/uapi_bpf.h\"\n#include \"../lib/own_helpers.h\"\n"
                        + "struct map_def SEC(\"maps\") info_counts = { .type = 2, .key_size = 4, .value_size = 8, .max_entries = 4 };\n"
                        + "static inline long bump(unsigned int k)\n{\n\tlong *v = bpf_map_lookup_elem(&info_counts, &k);\n"
                        + "\tif (!v)\n\t\treturn 0;\n\treturn ++*v;\n}\n"
                        + "SEC(\"xdp\") int info_prog(struct xdp_md *ctx)\n{\n\treturn bump(ctx->data) > 0 ? XDP_PASS : XDP_DROP;\n}\n"
                        + "char _license[] SEC(\"license\") = \"GPL\";\n",
                // a feature switch the build leaves off: its function and its call are inactive
                "tc/stats.c", "#include <linux/bpf.h>\n#include \"../lib/uapi_bpf.h\"\n#include \"../lib/own_helpers.h\"\n"
                        + "#ifdef WITH_LEN_STATS\nstatic inline unsigned int len_of(struct __sk_buff *skb)\n{\n\treturn skb->len;\n}\n#endif\n"
                        + "SEC(\"tc\") int stats_prog(struct __sk_buff *skb)\n{\n\tunsigned int n = 0;\n"
                        + "#ifdef WITH_LEN_STATS\n\tn = len_of(skb);\n#endif\n\treturn n > 1 ? 1 : 0;\n}\n"
                        + "char _license[] SEC(\"license\") = \"GPL\";\n"));
        crawler.crawl(CrawlRequest.of(guarded.toString()), CrawlListener.NONE);
        // variadic dispatch by argument count, as libbpf's field-chain and printk macros do: the
        // numbered macros are reached only by pasting the count onto a stem
        Path pasting = GitFixtures.repo(tmp.resolve("pasting"), Map.of(
                "headers/dispatch.h", "#ifndef DISPATCH_H\n#define DISPATCH_H\n"
                        + "#define __nth_of(_a, _b, _c, _d, N, ...) N\n#define __count(...) __nth_of(_, ##__VA_ARGS__, 3, 2, 1, 0)\n"
                        + "#define __glue_(a, b) a ## b\n#define __glue(a, b) __glue_(a, b)\n#define __apply(fn, n) __glue(fn, n)\n"
                        + "#define __chain1(a) (a)\n#define __chain2(a, b) ((a) + (b))\n#define __chain3(a, b, c) ((a) + (b) + (c))\n"
                        + "#define __chain(...) __apply(__chain, __count(__VA_ARGS__))(__VA_ARGS__)\n"
                        + "#define TOTAL(x, ...) __chain(x, ##__VA_ARGS__)\n"
                        + "#define __more(...) __nth_of(_, ##__VA_ARGS__, N, N, N, 0)\n#define __opt0(a) (a)\n"
                        + "#define __optN(a, ...) __chain(a, __VA_ARGS__)\n"
                        + "#define OPTIONAL_SUM(a, ...) __apply(__opt, __more(__VA_ARGS__))(a, ##__VA_ARGS__)\n"
                        + "enum weigh_unit {\n\tWEIGH_BYTES = 1, /* per byte, as counted */\n\tWEIGH_WORDS = 4,\n};\n"
                        + "#define IN_WORDS(x) ((x) / WEIGH_WORDS)\n"
                        + "enum field_kind {\n\tKIND_OFFSET = 0,\n\tKIND_SIZE = 1,\n};\n"
                        + "#define FIELD_INFO(s, f, k) __builtin_preserve_field_info((s)->f, KIND_##k)\n#endif\n",
                "prog.c", "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n#include \"headers/dispatch.h\"\n"
                        + "static __always_inline int weigh(struct xdp_md *ctx)\n{\n\treturn TOTAL(ctx->data, ctx->data_end, 1) + OPTIONAL_SUM(2, 3) + IN_WORDS(ctx->data) + FIELD_INFO(ctx, data_end, SIZE);\n}\n"
                        + "SEC(\"xdp\") int weigh_prog(struct xdp_md *ctx)\n{\n\treturn weigh(ctx) ? XDP_PASS : XDP_DROP;\n}\n"
                        + "char _license[] SEC(\"license\") = \"GPL\";\n"));
        crawler.crawl(CrawlRequest.of(pasting.toString()), CrawlListener.NONE);
        // one program per argument position, made by a macro of the .c file that pastes the
        // position onto a family of accessors its copy of a tracing header defines
        Path acrossFiles = GitFixtures.repo(tmp.resolve("across"), Map.of(
                "headers/regs.h", "#ifndef REGS_H\n#define REGS_H\n"
                        + "struct arg_regs { unsigned long a1, a2, a3; };\n"
                        + "#define ARG_OF1(x) (((struct arg_regs *)(x))->a1)\n#define ARG_OF2(x) (((struct arg_regs *)(x))->a2)\n"
                        + "#define ARG_OF3(x) (((struct arg_regs *)(x))->a3)\n#endif\n",
                "probe.c", "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n#include \"headers/regs.h\"\n"
                        + "static __always_inline int seen(unsigned long v)\n{\n\treturn v != 0;\n}\n"
                        + "#define ADD_PROBE(X) \\\n\tSEC(\"kprobe/arg\" #X) int probe_arg_##X(void *ctx) \\\n"
                        + "\t{ \\\n\t\treturn seen(ARG_OF##X(ctx)); \\\n\t}\n"
                        + "ADD_PROBE(1)\nADD_PROBE(3)\n#undef ADD_PROBE\n"
                        + "SEC(\"kprobe/second\") int probe_second(void *ctx)\n{\n\treturn seen(ARG_OF2(ctx));\n}\n"
                        + "char _license[] SEC(\"license\") = \"GPL\";\n"));
        crawler.crawl(CrawlRequest.of(acrossFiles.toString()), CrawlListener.NONE);
        // two syscall probes in one file, each named by BPF_KSYSCALL's first argument; the macro's
        // expansion declares the same __kconfig extern for each
        Path syscalls = GitFixtures.repo(tmp.resolve("syscalls"), Map.of(
                "vmlinux.h", read(GitFixtures.corpus("tracing").resolve("vmlinux.h")),
                "probes/sys.bpf.c", "#include \"../vmlinux.h\"\n#include <bpf/bpf_helpers.h>\n#include <bpf/bpf_tracing.h>\n"
                        + "#include <bpf/bpf_core_read.h>\n"
                        + "SEC(\"ksyscall/setuid\")\nint BPF_KSYSCALL(on_setuid, unsigned int uid)\n{\n"
                        + "\tbpf_printk(\"setuid %u\", uid);\n\treturn 0;\n}\n"
                        + "SEC(\"ksyscall/setgid\")\nint BPF_KSYSCALL(on_setgid, unsigned int gid)\n{\n"
                        + "\treturn gid == 0;\n}\n"
                        + "char _license[] SEC(\"license\") = \"GPL\";\n"));
        crawler.crawl(CrawlRequest.of(syscalls.toString()), CrawlListener.NONE);
        // one macro call defines an entry and an exit program; each needs its own helpers
        Path pairs = GitFixtures.repo(tmp.resolve("pairs"), Map.of(
                "common/pair.h", "#ifndef PAIR_H\n#define PAIR_H\n"
                        + "struct entry_state { unsigned int seen; };\n"
                        + "static __always_inline int note_entry(struct entry_state *s) { return ++s->seen; }\n"
                        + "typedef struct { long ret; } exit_state_t;\n"
                        + "static __always_inline long note_exit(exit_state_t *s, long rc) { s->ret = rc; return s->ret; }\n"
                        + "#define PAIR_OF_PROBES(name) \\\n"
                        + "\tSEC(\"kprobe/\" #name) int enter_##name(struct pt_regs *ctx) \\\n"
                        + "\t{ \\\n\t\tstruct entry_state s = {}; \\\n\t\treturn note_entry(&s) > 1; \\\n\t} \\\n"
                        + "\tSEC(\"kretprobe/\" #name) int leave_##name(struct pt_regs *ctx) \\\n"
                        + "\t{ \\\n\t\texit_state_t s = {}; \\\n\t\treturn note_exit(&s, 0) > 0; \\\n\t}\n#endif\n",
                "probes.c", "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n#include \"common/pair.h\"\n"
                        + "struct pt_regs;\nPAIR_OF_PROBES(openat)\nchar _license[] SEC(\"license\") = \"GPL\";\n"));
        crawler.crawl(CrawlRequest.of(pairs.toString()), CrawlListener.NONE);
    }

    private static String read(Path p) {
        try {
            return java.nio.file.Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void close() {
        graph.close();
    }

    private static Unit extract(String spec, String... defines) {
        Definition f = FunctionRef.parse(spec).resolve(graph);
        return new Extractor(graph).extract(new ExtractRequest(f, List.of(defines)));
    }

    private static String compile(Unit u, String dir) throws Exception {
        return ClangRunner.compile(UnitWriter.write(u.files(), tmp.resolve("units").resolve(dir), false), u.manifest());
    }

    @Test
    void aHeaderOfPureHelpersGetsALicenseSectionThatCompiles() throws Exception {
        // katran's handle_icmp.h style: the unit's added license section named SEC, which nothing defined
        Unit u = extract("mix3@mixing");
        assertThat(u.source()).contains("SEC(\"license\") = \"GPL\"");
        assertThat(compile(u, "mix3")).isNull();
    }

    @Test
    void aRepoCopyOfASystemHeaderThatTheSystemGuardSkipsIsNotTaken() throws Exception {
        // katran's tc_decap_info.bpf.c style: <linux/bpf.h> first, then the repo's own copy
        Unit u = extract("bump@guarded");
        assertThat(u.source()).contains("#include <linux/bpf.h>").doesNotContain("enum bpf_func_id {");
        assertThat(compile(u, "bump")).isNull();
        Unit prog = extract("info_prog@guarded");
        assertThat(prog.source()).doesNotContain("enum bpf_func_id {");
        assertThat(compile(prog, "info_prog")).isNull();
    }

    @Test
    void whatOnlyAnInactiveDefinitionNeedsStaysUnderItsSwitch() throws Exception {
        // katran's tc_decap_stats.bpf.c style: the switched-off function's types come in under its #ifdef
        Unit u = extract("stats_prog@guarded");
        assertThat(compile(u, "stats_prog")).isNull();
        assertThat(u.source()).contains("#ifdef WITH_LEN_STATS\nstatic inline unsigned int len_of(struct __sk_buff *skb)");
    }

    @Test
    void macrosReachedOnlyByTokenPastingAreTaken() throws Exception {
        // pwru's BPF_CORE_READ (___arrowN) and bpf_printk (___bpf_fillN) style
        Unit u = extract("weigh@pasting");
        assertThat(u.source()).contains("#define __chain3(a, b, c)").contains("#define __optN(a, ...)")
                .contains("enum weigh_unit {").contains("enum field_kind {");
        assertThat(compile(u, "weigh")).isNull();
    }

    @Test
    void aFamilyPastedOntoFromAnotherFileOfTheUnitIsTaken() throws Exception {
        // pwru's PWRU_ADD_KPROBE(X) style: PT_REGS_PARM##X, the family in the repo's bpf_tracing.h
        Unit u = extract("probe_arg_1@across");
        assertThat(u.source()).contains("#define ARG_OF1(x)").contains("#define ARG_OF3(x)");
        assertThat(compile(u, "probe_arg_1")).isNull();
    }

    @Test
    void programsNamedByBpfKsyscallEachExtractAndCompile() throws Exception {
        // libbpf-bootstrap's ksyscall.bpf.c style: the extern the macro declares is the program's own text
        for (String name : List.of("on_setuid", "on_setgid")) {
            Unit u = extract(name + "@syscalls");
            assertThat(u.source()).containsOnlyOnce("BPF_KSYSCALL(" + name);
            assertThat(compile(u, name)).isNull();
        }
    }

    @Test
    void programsThatOneMacroCallDefinesComeWithWhatEachNeeds() throws Exception {
        // tracee's TRACE_SYSCALL(name, id): the call is both programs' text, so a unit of either holds both
        for (String name : List.of("enter_openat", "leave_openat")) {
            Unit u = extract(name + "@pairs");
            assertThat(u.source()).containsOnlyOnce("PAIR_OF_PROBES(openat)").contains("exit_state_t;")
                    .contains("struct entry_state {");
            assertThat(compile(u, name)).isNull();
        }
    }
}
