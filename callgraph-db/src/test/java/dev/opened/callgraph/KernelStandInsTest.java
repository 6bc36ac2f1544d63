package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.opened.common.Toolchain;

/**
 * A unit's parse given a vmlinux.h stand-in (the declarations its names reach) collects exactly
 * what it collects from the whole file, including when a name reaches the file only through token
 * pasting, which no text of the repo spells and which only the check after the parse finds.
 */
class KernelStandInsTest {
    private static final Path ROOT = Path.of("/.opened-test-standins");

    private static final String VMLINUX = """
            #ifndef __VMLINUX_H__
            #define __VMLINUX_H__
            typedef unsigned int __u32;
            typedef __u32 u32;
            typedef unsigned long long __u64;
            typedef __u64 u64;
            enum bpf_map_type { BPF_MAP_TYPE_UNSPEC = 0, BPF_MAP_TYPE_HASH = 1, BPF_MAP_TYPE_ARRAY = 2, };
            enum { SLOTS = 64, UNUSED_SLOTS = 8, };
            struct task_struct {
            \tint pid;
            \tstruct task_struct *parent;
            };
            struct unused_thing {
            \tint x;
            };
            typedef struct { u32 lo; u32 hi; } pair_t;
            typedef int (*handler_t)(u32);
            struct pasted_only {
            \tu64 value;
            };
            extern int some_kfunc(struct task_struct *start) __attribute__((weak));
            int broken_decl( ;
            typedef struct { int a[3 + ]; } nested_problem_t;
            #endif
            """;

    private static final String PROG = """
            #include "vmlinux.h"
            #define SEC(n) __attribute__((section(n), used))
            #define __uint(name, val) int (*name)[val]
            #define __type(name, val) typeof(val) *name
            #define PASTE(a, b) a##b
            struct {
            \t__uint(type, BPF_MAP_TYPE_HASH);
            \t__type(key, u32);
            \t__type(value, pair_t);
            \t__uint(max_entries, SLOTS);
            } start SEC(".maps");
            static int depth(struct task_struct *t) { return t->pid; }
            static u64 pasted(struct PASTE(pasted_, only) *p) { return p->value; }
            SEC("kprobe/x")
            int probe(void *ctx)
            {
            \tstruct task_struct *t = 0;
            \tu32 k = 0;
            \t(handler_t)(0);
            \treturn depth(t) + (int)pasted(0) + (int)k;
            }
            char LICENSE[] SEC("license") = "GPL";
            """;

    @Test
    void aStandInGivesTheSameResultAsTheWholeFile() throws Exception {
        Map<String, SourceTree.Blob> files = new LinkedHashMap<>();
        files.put("tools/vmlinux.h", new SourceTree.Blob("v", VMLINUX));
        files.put("tools/prog.bpf.c", new SourceTree.Blob("p", PROG));
        TuResult whole = parse(new KernelStandIns(files, true), files);
        KernelStandIns standIns = new KernelStandIns(files);
        TuResult cut = parse(standIns, files);
        assertThat(cut).isEqualTo(whole);
        assertThat(whole.defs()).extracting(TuResult.Def::name).contains("probe", "depth", "pasted", "start");
        assertThat(whole.problems()).extracting(Problem::path).contains("tools/vmlinux.h");
        // `struct pasted_only` is written nowhere in the repo: the first parse cut it, the check put it back
        assertThat(standIns.reparses.get()).isEqualTo(1);
    }

    @Test
    void theStandInKeepsLinesAndCutsWhatNoNameReaches() {
        KernelTypesIndex index = KernelTypesIndex.of("/x/vmlinux.h", VMLINUX, Map.of());
        assertThat(index).isNotNull();
        java.util.Set<String> wanted = new java.util.HashSet<>(List.of("task_struct", "pair_t"));
        String standIn = index.standIn(index.reach(wanted));
        assertThat(standIn.lines().count()).isEqualTo(VMLINUX.lines().count());
        assertThat(standIn).contains("struct task_struct {", "typedef struct { u32 lo; u32 hi; } pair_t;",
                "typedef unsigned int __u32;", "int broken_decl( ;", "nested_problem_t", "#define __VMLINUX_H__")
                .doesNotContain("unused_thing", "pasted_only", "SLOTS", "handler_t", "some_kfunc", "__u64");
        assertThat(wanted).contains("u32", "__u32", "pid", "parent");
        assertThat(index.missing(index.reach(new java.util.HashSet<>(wanted)), java.util.Set.of("SLOTS", "pair_t")))
                .containsExactly("SLOTS");
    }

    private static TuResult parse(KernelStandIns standIns, Map<String, SourceTree.Blob> files) throws Exception {
        assertThat(Files.exists(ROOT)).isFalse();
        return new TuParser(ROOT, files, Toolchain.host(), List.of(), Map.of(), standIns, null,
                new DiskFiles(ROOT, List.of(), Toolchain.host())).parse("tools/prog.bpf.c");
    }
}
