package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which names in a guard are the compiler's: a unit's feature switches list only the build's. */
class CompilerMacrosTest {
    @Test
    void predefinedMacrosAndPreprocessorOperatorsAreTheCompilers() {
        assertThat(CompilerMacros.isCompilers("__BYTE_ORDER__")).isTrue();
        assertThat(CompilerMacros.isCompilers("__ORDER_LITTLE_ENDIAN__")).isTrue();
        assertThat(CompilerMacros.isCompilers("__bpf__")).isTrue();
        assertThat(CompilerMacros.isCompilers("__has_include")).isTrue();
        assertThat(CompilerMacros.isCompilers("defined")).isTrue();
    }

    @Test
    void buildSwitchesAreNot() {
        // __KERNEL__ looks like a predefined name, but builds pass it with -D
        assertThat(CompilerMacros.isCompilers("__KERNEL__")).isFalse();
        assertThat(CompilerMacros.isCompilers("LB_DEBUG")).isFalse();
        assertThat(CompilerMacros.isCompilers("__TARGET_ARCH_x86")).isFalse();
    }
}
