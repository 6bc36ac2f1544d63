package dev.opened.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ToolchainTest {

    @Test
    void theArchDecidesTheIncludeDirTheDefineAndTheClangCommand() {
        Toolchain x86 = Toolchain.of("amd64", Map.of(), null);
        assertThat(x86.archIncludeDir()).isEqualTo("/usr/include/x86_64-linux-gnu");
        assertThat(x86.targetArchDefine()).isEqualTo("__TARGET_ARCH_x86");
        assertThat(x86.clangCommand()).containsExactly("clang", "-O2", "-g", "-target", "bpf",
                "-Werror=implicit-function-declaration", "-idirafter", "/usr/include/x86_64-linux-gnu");
        Toolchain arm = Toolchain.of("aarch64", Map.of(), null);
        assertThat(arm.archIncludeDir()).isEqualTo("/usr/include/aarch64-linux-gnu");
        assertThat(arm.targetArchDefine()).isEqualTo("__TARGET_ARCH_arm64");
        assertThat(arm.predefines()).containsKey("__TARGET_ARCH_arm64").doesNotContainKey("__TARGET_ARCH_x86");
        assertThat(arm.systemIncludeDirs().get(0)).isEqualTo("/usr/include/aarch64-linux-gnu");
    }

    @Test
    void clangsDefinesKeepTheirOrderAndFunctionLikeOnesAreLeftOut() {
        Map<String, String> parsed = Toolchain.parseDefines("#define __bpf__ 1\n#define F(x) x\n#define __EMPTY\n#define __A__ 2\n");
        assertThat(List.copyOf(parsed.keySet())).containsExactly("__bpf__", "__EMPTY", "__A__");
        assertThat(parsed).containsEntry("__EMPTY", "");
        Toolchain t = Toolchain.of("amd64", new LinkedHashMap<>(parsed), "/clang/include");
        assertThat(List.copyOf(t.predefines().keySet()).subList(0, 4))
                .containsExactly("__bpf__", "__EMPTY", "__A__", "__TARGET_ARCH_x86");
        assertThat(t.systemIncludeDirs()).containsExactly("/usr/include/x86_64-linux-gnu", "/clang/include",
                "/usr/local/include", "/usr/include");
    }

    @Test
    void withoutClangABuiltInSetStandsIn() {
        assertThat(Toolchain.of("amd64", null, null).predefines()).containsEntry("__bpf__", "1")
                .containsEntry("__BYTE_ORDER__", "__ORDER_LITTLE_ENDIAN__");
    }

    @Test
    void theHostIsAskedOncePerProcess() {
        assertThat(Toolchain.host()).isSameAs(Toolchain.host());
        assertThat(Toolchain.host().predefines()).isSameAs(Toolchain.host().predefines());
    }
}
