package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** {@link Arith} alone: map sizes as they are written. */
class ArithTest {
    private static final Function<String, String> NONE = name -> null;

    @Test
    void literalsInEveryBaseAndSuffix() {
        assertThat(Arith.eval("1024", NONE)).isEqualTo(1024L);
        assertThat(Arith.eval("0x10", NONE)).isEqualTo(16L);
        assertThat(Arith.eval("010", NONE)).isEqualTo(8L);
        assertThat(Arith.eval("4096UL", NONE)).isEqualTo(4096L);
    }

    @Test
    void operatorsWithCsPrecedence() {
        assertThat(Arith.eval("1 + 2 * 3", NONE)).isEqualTo(7L);
        assertThat(Arith.eval("(1 + 2) * 3", NONE)).isEqualTo(9L);
        assertThat(Arith.eval("(1 << 16)", NONE)).isEqualTo(65536L);
        assertThat(Arith.eval("1 << 2 + 1", NONE)).isEqualTo(8L);
        assertThat(Arith.eval("0x10 | 1", NONE)).isEqualTo(17L);
        assertThat(Arith.eval("-3 + 10 % 4", NONE)).isEqualTo(-1L);
    }

    @Test
    void macrosExpandThroughTheLookup() {
        Map<String, String> macros = Map.of("MAX_VIPS", "512", "TWICE", "(MAX_VIPS * 2)");
        assertThat(Arith.eval("TWICE + 1", macros::get)).isEqualTo(1025L);
    }

    @Test
    void whatIsNotAConstantIsNull() {
        assertThat(Arith.eval("UNKNOWN", NONE)).isNull();
        assertThat(Arith.eval("1 2", NONE)).isNull();
        assertThat(Arith.eval("1 / 0", NONE)).isNull();
        assertThat(Arith.eval("a || b", NONE)).isNull();
        assertThat(Arith.eval(null, NONE)).isNull();
        // a macro defined in terms of itself ends at the depth limit, not in a stack overflow
        assertThat(Arith.eval("LOOP", Map.of("LOOP", "LOOP + 1")::get)).isNull();
    }
}
