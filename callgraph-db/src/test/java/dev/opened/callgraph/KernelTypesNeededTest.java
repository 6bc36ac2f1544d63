package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** When a repo gets the generated kernel types: decided from its files alone. */
class KernelTypesNeededTest {
    @Test
    void aRepoThatCommitsItsKernelTypesGetsNoneUnlessItAsksByAnotherName() {
        assertThat(KernelTypes.needed(Map.of("a.bpf.c", "#include <linux/bpf.h>\n"))).isFalse();
        assertThat(KernelTypes.needed(Map.of("a.bpf.c", "#include \"vmlinux.h\"\n"))).isTrue();
        assertThat(KernelTypes.needed(Map.of("a.bpf.c", "#include \"vmlinux.h\"\n", "vmlinux.h", "struct x;\n"))).isFalse();
        // katran: a committed vmlinux.h elsewhere, and tpr's <bpf/vmlinux/vmlinux.h> that its build generates
        assertThat(KernelTypes.needed(Map.of("tpr/r.bpf.c", "#include <bpf/vmlinux/vmlinux.h>\n",
                "tools/vmlinux.h", "struct x;\n"))).isTrue();
        assertThat(KernelTypes.needed(Map.of("tpr/r.bpf.c", "#include <bpf/vmlinux/vmlinux.h>\n",
                "headers/bpf/vmlinux/vmlinux.h", "struct x;\n"))).isFalse();
    }
}
