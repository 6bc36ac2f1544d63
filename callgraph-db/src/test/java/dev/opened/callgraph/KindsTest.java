package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which files are eBPF C: the markers are found where they start, and only as words where the pattern says so. */
class KindsTest {
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
    void sourcesWithMarkersAndNoUserSpaceHeadersAreBpf() {
        assertThat(Kinds.isBpf("prog.c", "#include <linux/bpf.h>\nSEC(\"xdp\") int p(void *c) { return 2; }\n")).isTrue();
        assertThat(Kinds.isBpf("loader.c", "#include <stdio.h>\nSEC(\"xdp\")\n")).isFalse();
        assertThat(Kinds.isBpf("loader.c", "int main(void) { return 0; }\n")).isFalse();
        assertThat(Kinds.isBpf("x_kern.c", "int main(void) { return 0; }\n")).isTrue();
    }
}
