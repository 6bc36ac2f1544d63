package dev.opened.callgraph;

import java.util.Set;

import dev.opened.common.Toolchain;

/**
 * Names a guard may test that no build switches: what clang predefines for {@code -target bpf}
 * ({@code __BYTE_ORDER__}, {@code __bpf__}) and the preprocessor's own operators
 * ({@code __has_include}, {@code defined}). A unit's "feature switches" leave them out.
 */
public final class CompilerMacros {
    private static final Set<String> OPERATORS = Set.of("defined", "__has_include", "__has_include_next", "__has_attribute",
            "__has_builtin", "__has_feature", "__has_extension", "__has_cpp_attribute", "__has_c_attribute",
            "__has_declspec_attribute", "__is_identifier", "__has_warning");

    private CompilerMacros() {
    }

    /** True when {@code name} is the compiler's, not the build's. */
    public static boolean isCompilers(String name) {
        if (OPERATORS.contains(name)) {
            return true;
        }
        // every name clang predefines for -target bpf starts with an underscore: a feature switch
        // such as DECAP_TPR_STATS is answered without starting clang (an extract would pay two processes)
        if (!name.startsWith("_")) {
            return false;
        }
        return Toolchain.host().predefines().containsKey(name) && !name.startsWith("__TARGET_ARCH_");
    }
}
