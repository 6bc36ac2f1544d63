package dev.opened.callgraph;

import java.util.Set;

/**
 * Names a guard may test that no build switches: what clang predefines for {@code -target bpf}
 * ({@code __BYTE_ORDER__}, {@code __bpf__}) and the preprocessor's own operators
 * ({@code __has_include}, {@code defined}). A unit's "feature switches" leave them out.
 */
public final class CompilerMacros {
    private static final Set<String> OPERATORS = Set.of("defined", "__has_include", "__has_include_next", "__has_attribute",
            "__has_builtin", "__has_feature", "__has_extension", "__has_cpp_attribute", "__has_c_attribute",
            "__has_declspec_attribute", "__is_identifier", "__has_warning");
    private static volatile Set<String> predefined;

    private CompilerMacros() {
    }

    /** True when {@code name} is the compiler's, not the build's. */
    public static boolean isCompilers(String name) {
        if (OPERATORS.contains(name)) {
            return true;
        }
        Set<String> p = predefined;
        if (p == null) {
            // clang is asked once per process: the answer is a fact of the installed compiler
            p = Set.copyOf(Toolchain.detect().predefines().keySet());
            predefined = p;
        }
        return p.contains(name) && !name.startsWith("__TARGET_ARCH_");
    }
}
