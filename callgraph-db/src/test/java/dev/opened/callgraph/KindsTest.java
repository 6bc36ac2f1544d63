package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/** Which {@code .c} files of a repo are eBPF: a repo of our own made with JGit and crawled. */
class KindsTest {
    @TempDir
    Path tmp;

    private static final String PROGRAM = "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n"
            + "SEC(\"xdp\") int %s(struct xdp_md *ctx)\n{\n\treturn XDP_PASS;\n}\nchar _license[] SEC(\"license\") = \"GPL\";\n";

    @Test
    void kernInsideANameIsAHintThatTheFileMustBearOut() {
        // libxdp's tests/check_kern_compat.c: a user-space test whose name says "kern", its
        // user-space headers behind a header of its own
        Path repo = GitFixtures.repo(tmp.resolve("kinds"), Map.of(
                "tests/probe_utils.h", "#include <stdio.h>\n#include <bpf/libbpf.h>\n"
                        + "static inline int quiet_print(enum libbpf_print_level l, const char *f, va_list a)\n{\n\treturn 0;\n}\n",
                "tests/check_kern_support.c", "#include \"probe_utils.h\"\n"
                        + "int main(void)\n{\n\tlibbpf_set_print(quiet_print);\n\treturn 0;\n}\n",
                "relay/relay_kern_xdp.c", String.format(PROGRAM, "relay_prog"),
                "steps/xdp_step_kern2.c", String.format(PROGRAM, "step_two"),
                "steps/xdp_step_kern_03.c", String.format(PROGRAM, "step_three"),
                "steps/xdp_step_kern.c", "#include \"step_common.h\"\n",
                "steps/step_common.h", String.format(PROGRAM, "step_one")));
        CallGraph graph = CallGraph.open(tmp.resolve("kinds.db"));
        try {
            new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            assertThat(graph.lookup("main", "kinds", null, DefinitionKind.FUNCTION).matches()).isEmpty();
            assertThat(graph.lookup("quiet_print", "kinds", null, DefinitionKind.FUNCTION).matches()).isEmpty();
            for (String program : new String[] {"relay_prog", "step_two", "step_three", "step_one"}) {
                assertThat(graph.lookup(program, "kinds", null, DefinitionKind.FUNCTION).matches()).as(program).hasSize(1);
            }
        } finally {
            graph.close();
        }
    }

    @Test
    void theSamplesKernSuffixIsEbpfByItsName() {
        assertThat(Kinds.isBpf("a/xdp_prog_kern.c", "int f(void) { return 0; }\n")).isTrue();
        assertThat(Kinds.isBpf("a/xdp_prog_kern4.c", "int f(void) { return 0; }\n")).isTrue();
        assertThat(Kinds.isBpf("a/check_kern_compat.c", "#include \"utils.h\"\nint main(void) { return 0; }\n")).isFalse();
        assertThat(Kinds.isBpf("a/dhcp_kern_xdp.c", "#include <string.h>\nSEC(\"xdp\") int p(void *c) { return 2; }\n")).isTrue();
    }

    @Test
    void markersAreFoundAnywhereAndOnlyWhole() {
        String filler = "int x;\n".repeat(5000) + "__attribute__((packed)) struct s { int a; };\n";
        assertThat(Kinds.isBpfHeader(filler)).isFalse();
        assertThat(Kinds.isBpfHeader(filler + "SEC (\"xdp\") int f(void *c) { return 0; }\n")).isTrue();
        assertThat(Kinds.isBpfHeader("SEC(\"xdp\")")).isTrue();
        assertThat(Kinds.isBpfHeader(filler + "MY_SEC(\"xdp\")\n")).isFalse();
        assertThat(Kinds.isBpfHeader(filler + "#define X __attribute__ (( section(\"maps\")))\n")).isTrue();
        assertThat(Kinds.isBpfHeader(filler + "#include \"vmlinux.h\"\n")).isTrue();
        assertThat(Kinds.isBpfHeader(filler + "#include \"myvmlinux.h\"\n")).isFalse();
        assertThat(Kinds.isBpfHeader(filler + "__uint(type, BPF_MAP_TYPE_ARRAY);\n")).isTrue();
        assertThat(Kinds.isBpfHeader(filler + "__uint32_t v;\n")).isFalse();
        assertThat(Kinds.isBpfHeader(filler + "BPF_PROG(handle, int a)\n")).isTrue();
        assertThat(Kinds.isBpfHeader(filler + "BPF_PROG_TYPE_XDP\n")).isFalse();
        assertThat(Kinds.isBpfHeader(filler + "#include <linux/bpf.h>\n")).isTrue();
    }

    @Test
    void theWordSearchFindsWhatThePatternFindsAnywhere() {
        // generated texts of markers, near misses and filler: the search tried only where a start
        // word occurs answers as the pattern tried everywhere
        String[] parts = {"SEC(", "SEC (", "MY_SEC(", "_SEC(", "__section (", "__sections", "bpf_helpers.h", "bpf_helpers_h",
            "bpf_map_def", "__attribute__ (( section", "__attribute__((packed))", "vmlinux.h", "xvmlinux.h", "vmlinux_h",
            "BPF_KPROBE", "BPF_PROG (", "BPF_PROG_TYPE", "bpf_tracing.h", "__uint (", "__uint32_t", "__u", "S", "_", "b",
            "v", "B", " ", "\n", "(", "int x;", "linux/bpf.h", "linux/bpf_h"};
        java.util.Random random = new java.util.Random(14);
        int found = 0;
        for (int t = 0; t < 3000; t++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                b.append(parts[random.nextInt(parts.length)]);
            }
            String text = b.toString();
            boolean expected = Kinds.BPF_MARKERS.matcher(text).find() || text.contains("linux/bpf.h");
            assertThat(Kinds.isBpfHeader(text)).as(text).isEqualTo(expected);
            found += expected ? 1 : 0;
        }
        assertThat(found).isBetween(300, 2700);
    }

    @Test
    void sourcesWithMarkersAndNoUserSpaceHeadersAreBpf() {
        assertThat(Kinds.isBpf("prog.c", "#include <linux/bpf.h>\nSEC(\"xdp\") int p(void *c) { return 2; }\n")).isTrue();
        assertThat(Kinds.isBpf("loader.c", "#include <stdio.h>\nSEC(\"xdp\")\n")).isFalse();
        assertThat(Kinds.isBpf("loader.c", "int main(void) { return 0; }\n")).isFalse();
        assertThat(Kinds.isBpf("x_kern.c", "int main(void) { return 0; }\n")).isTrue();
    }
}
