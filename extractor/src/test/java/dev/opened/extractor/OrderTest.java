package dev.opened.extractor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;
import dev.opened.callgraph.Reference;
import dev.opened.callgraph.ReferenceKind;

/** {@link Order} alone, on definitions made by hand: no parse, no database. */
class OrderTest {

    private static Definition def(long id, DefinitionKind kind, String name, String path, int offset) {
        return new Definition(id, "r", "c", kind, name, path, offset, offset + 10, 1, 2, null, false, false, null, null,
                List.of(), true);
    }

    private static Reference use(Definition from, Definition to, ReferenceKind kind) {
        return new Reference(from.id(), to.id(), kind, 1);
    }

    @Test
    void macrosFirstThenCalleesAndTypesBeforeTheirUsers() {
        Definition caller = def(1, DefinitionKind.FUNCTION, "caller", "a.c", 0);
        Definition callee = def(2, DefinitionKind.FUNCTION, "callee", "a.c", 100);
        Definition type = def(3, DefinitionKind.STRUCT, "hdr", "b.h", 0);
        Definition macro = def(4, DefinitionKind.MACRO, "MAX", "a.c", 200);
        Order o = Order.of(List.of(caller, callee, type, macro),
                List.of(use(caller, callee, ReferenceKind.CALL), use(callee, type, ReferenceKind.TYPE),
                        use(caller, macro, ReferenceKind.MACRO)),
                List.of("b.h", "a.c"));
        assertThat(o.macros).containsExactly(macro);
        assertThat(o.rest).containsExactly(type, callee, caller);
        assertThat(o.forward).isEmpty();
    }

    @Test
    void unrelatedDefinitionsKeepTheFilesOrder() {
        Definition late = def(1, DefinitionKind.GLOBAL, "late", "a.c", 50);
        Definition early = def(2, DefinitionKind.GLOBAL, "early", "a.c", 10);
        Definition header = def(3, DefinitionKind.TYPEDEF, "u32x", "h.h", 90);
        Order o = Order.of(List.of(late, early, header), List.of(), List.of("h.h", "a.c"));
        assertThat(o.rest).containsExactly(header, early, late);
    }

    @Test
    void aProgArrayNamingProgramsThatUseItComesFirstWithThemDeclaredAhead() {
        // tetragon's tp_calls: the map's initializer takes the programs' addresses, the programs tail-call through it
        Definition setup = def(1, DefinitionKind.FUNCTION, "setup_prog", "p.c", 10);
        Definition event = def(2, DefinitionKind.FUNCTION, "event_prog", "p.c", 200);
        Definition calls = def(3, DefinitionKind.MAP, "calls", "p.c", 100);
        Order o = Order.of(List.of(setup, event, calls), List.of(use(setup, calls, ReferenceKind.MAP_USE),
                use(event, calls, ReferenceKind.MAP_USE), use(calls, setup, ReferenceKind.ADDRESS),
                use(calls, event, ReferenceKind.ADDRESS)), List.of("p.c"));
        assertThat(o.rest.indexOf(calls)).isLessThan(o.rest.indexOf(setup)).isLessThan(o.rest.indexOf(event));
        assertThat(o.forward).containsExactlyInAnyOrder(setup, event);
    }

    @Test
    void aCycleGetsAForwardDeclaration() {
        Definition a = def(1, DefinitionKind.STRUCT, "a", "x.h", 0);
        Definition b = def(2, DefinitionKind.STRUCT, "b", "x.h", 50);
        Order o = Order.of(List.of(a, b), List.of(use(a, b, ReferenceKind.TYPE), use(b, a, ReferenceKind.TYPE)), List.of("x.h"));
        assertThat(o.rest).containsExactly(b, a);
        assertThat(o.forward).containsExactly(a);
    }
}
