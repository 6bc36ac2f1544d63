package dev.opened.extractor;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;
import dev.opened.callgraph.Guard;
import dev.opened.common.OpenedException;

/** C's rules for one name defined twice in a unit, without a parser: definitions made by hand. */
class ClashesTest {
    private static Definition def(DefinitionKind kind, String name, String path, int line, List<Guard> guards) {
        return new Definition(line, "r", "c", kind, name, path, line * 100, line * 100 + 30, line, line, null, false, false,
                null, null, guards, true);
    }

    private static void check(Map<Definition, String> texts) {
        Clashes.check(texts.keySet(), texts::get);
    }

    @Test
    void theSameReplacementListTwiceIsNoClash() {
        // as katran's DEFAULT_TTL in balancer_consts.h and healthchecking_consts.h
        Definition a = def(DefinitionKind.MACRO, "DEFAULT_TTL", "a.h", 3, List.of());
        Definition b = def(DefinitionKind.MACRO, "DEFAULT_TTL", "b.h", 9, List.of());
        assertThatCode(() -> check(Map.of(a, "#define DEFAULT_TTL 64", b, "#define  DEFAULT_TTL\t64 /* hops */")))
                .doesNotThrowAnyException();
    }

    @Test
    void aDefinitionAnIfndefSkipsIsNoClash() {
        Definition a = def(DefinitionKind.MACRO, "MAX_PORTS", "a.h", 3, List.of());
        Definition b = def(DefinitionKind.MACRO, "MAX_PORTS", "b.h", 9,
                List.of(new Guard(List.of("#ifndef MAX_PORTS"), 8, true, List.of("MAX_PORTS"))));
        assertThatCode(() -> check(Map.of(a, "#define MAX_PORTS 16", b, "#define MAX_PORTS 32"))).doesNotThrowAnyException();
        Definition c = def(DefinitionKind.MACRO, "MAX_PORTS", "c.h", 9,
                List.of(new Guard(List.of("#if !defined(MAX_PORTS)"), 8, true, List.of("MAX_PORTS"))));
        assertThatCode(() -> check(Map.of(a, "#define MAX_PORTS 16", c, "#define MAX_PORTS 32"))).doesNotThrowAnyException();
    }

    @Test
    void differentReplacementListsClash() {
        Definition a = def(DefinitionKind.MACRO, "MAX_PORTS", "a.h", 3, List.of());
        Definition b = def(DefinitionKind.MACRO, "MAX_PORTS", "b.h", 9,
                List.of(new Guard(List.of("#ifdef BIG"), 8, true, List.of("BIG"))));
        assertThatThrownBy(() -> check(Map.of(a, "#define MAX_PORTS 16", b, "#define MAX_PORTS 32")))
                .isInstanceOf(OpenedException.class).hasMessageContaining("two needed definitions of 'MAX_PORTS' clash");
    }

    @Test
    void twoFunctionsOfOneNameClashEvenWithTheSameText() {
        Definition a = def(DefinitionKind.FUNCTION, "parse", "a.h", 3, List.of());
        Definition b = def(DefinitionKind.FUNCTION, "parse", "b.h", 9, List.of());
        assertThatThrownBy(() -> check(Map.of(a, "static int parse(void) { return 0; }", b, "static int parse(void) { return 0; }")))
                .isInstanceOf(OpenedException.class);
    }
}
