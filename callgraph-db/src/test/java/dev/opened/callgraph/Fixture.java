package dev.opened.callgraph;

import java.util.LinkedHashMap;
import java.util.Map;

/** A small eBPF repo written for the crawler's exact expectations; line numbers matter. */
final class Fixture {
    private Fixture() {
    }

    static final String DEFS_H = """
            // SPDX-License-Identifier: GPL-2.0
            #ifndef DEFS_H
            #define DEFS_H
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>
            #define PROG_SEC "xdp"
            #define MAX_E 16
            #define MAX_ALL (MAX_E * 4)
            struct key { __u32 a; union { __u32 v4; __u32 v6[4]; }; };
            struct unused_s { int x; };
            typedef struct key key_t;
            enum act { ACT_PASS = 2, ACT_DROP = 1 };
            struct {
              __uint(type, BPF_MAP_TYPE_HASH);
              __type(key, struct key);
              __type(value, __u64);
              __uint(max_entries, MAX_ALL);
            } counts SEC(".maps");
            static __always_inline int helper(key_t *k) { return k->a + MAX_E; }
            #endif
            """;

    static final String PROG_C = """
            /* Copyright 2026 the OPENED authors. License: GPL-2.0 */
            // SPDX-License-Identifier: GPL-2.0
            #include "defs.h"
            #ifdef FEATURE_X
            static __always_inline int feat(void) { return 1; }
            #else
            static __always_inline int feat(void) { return 0; }
            #endif
            static __always_inline int dup(int x) { return x + 1; }
            SEC(PROG_SEC)
            int xdp_main(struct xdp_md *ctx)
            {
                struct key k = {};
                __u64 *v = bpf_map_lookup_elem(&counts, &k);
                if (v) { __u64 n = *v + 1; bpf_map_update_elem(&counts, &k, &n, 0); }
                return helper(&k) + feat() + dup(1) > 0 ? ACT_PASS : ACT_DROP;
            }
            char _license[] SEC("license") = "GPL";
            """;

    static final String OTHER_C = """
            #include "defs.h"
            static __always_inline int dup(int x, int y) { return x + y; }
            SEC("tc") int tc_main(struct __sk_buff *skb) { return dup(1, 2); }
            """;

    static Map<String, String> files() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("include/defs.h", DEFS_H);
        m.put("prog.c", PROG_C);
        m.put("other.c", OTHER_C);
        m.put("compile_flags.txt", "-Iinclude\n");
        return m;
    }
}
