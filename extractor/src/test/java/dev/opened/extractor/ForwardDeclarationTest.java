package dev.opened.extractor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;

/** {@link Emitter#declaration}: functions declared ahead, on definitions made by hand. */
class ForwardDeclarationTest {

    private static Definition function(String name, String signature) {
        return new Definition(1, "r", "c", DefinitionKind.FUNCTION, name, "p.c", 0, 10, 1, 2, signature, false, false, null,
                null, List.of(), true);
    }

    @Test
    void aPlainSignatureIsDeclaredAsWritten() {
        assertThat(Emitter.declaration(function("tail_setup", "SEC(\"xdp\") int tail_setup(struct xdp_md *ctx)")))
                .isEqualTo("int tail_setup(struct xdp_md *ctx)");
    }

    @Test
    void aNameMadeByAMacroThatExpandsToADefinitionIsDeclaredWithoutAPrototype() {
        // tetragon's BPF_KRETPROBE(generic_retkprobe_filter_arg), its signature spanning an #ifdef's branches
        String sig = "__attribute__((section(COMMON), used)) int BPF_KRETPROBE(ret_filter) { return 0; } #else "
                + "__attribute__((section(COMMON), used)) int BPF_KRETPROBE(ret_filter)";
        assertThat(Emitter.declaration(function("ret_filter", sig))).isEqualTo("int ret_filter()");
        assertThat(Emitter.declaration(function("ret_ptr", "void *MAKE(ret_ptr)"))).isNull();
    }
}
