package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Arith} alone: map sizes as they are written. */
class ArithTest {
    private static final Function<String, String> NONE = name -> null;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "1024; 1024", "0x10; 16", "010; 8", "4096UL; 4096",
        "1 + 2 * 3; 7", "(1 + 2) * 3; 9", "(1 << 16); 65536", "1 << 2 + 1; 8", "0x10 | 1; 17", "-3 + 10 % 4; -1"})
    void literalsInEveryBaseAndOperatorsWithCsPrecedence(String expr, long value) {
        assertThat(Arith.eval(expr, NONE)).isEqualTo(value);
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
