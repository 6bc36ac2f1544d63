package dev.opened.extractor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;
import dev.opened.callgraph.Reference;
import dev.opened.callgraph.ReferenceKind;

/**
 * Pass "order": every name defined before it is used. Macros first, in the order the compiler
 * met them; then the rest depth-first along the uses, callees and field types first, ties kept
 * in the original order. A cycle (two structs pointing at each other, mutual calls) gets forward
 * declarations.
 */
final class Order {
    final List<Definition> macros = new ArrayList<>();
    final List<Definition> rest = new ArrayList<>();
    final Set<Definition> forward = new LinkedHashSet<>();

    static Order of(Iterable<Definition> defs, List<Reference> edges, List<String> fileOrder) {
        return of(defs, edges, fileOrder, null);
    }

    /**
     * As {@link #of(Iterable, List, List)}, the macros in {@code macroOrder} (the order the compiler
     * read them, includes entered where they stand) when given.
     */
    static Order of(Iterable<Definition> defs, List<Reference> edges, List<String> fileOrder, Comparator<Definition> macroOrder) {
        Order o = new Order();
        Comparator<Definition> original = Comparator.comparingInt((Definition d) -> {
            int i = fileOrder.indexOf(d.path());
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(Definition::path).thenComparingInt(Definition::startOffset);
        List<Definition> all = new ArrayList<>();
        defs.forEach(all::add);
        all.sort(original);
        Map<Long, Definition> byId = new HashMap<>();
        all.forEach(d -> byId.put(d.id(), d));
        Map<Long, List<Definition>> deps = new HashMap<>();
        for (Reference r : edges) {
            Definition from = byId.get(r.fromId());
            Definition to = byId.get(r.toId());
            if (from == null || to == null || r.kind() == ReferenceKind.MACRO || from.kind() == DefinitionKind.MACRO) {
                continue;
            }
            deps.computeIfAbsent(from.id(), k -> new ArrayList<>()).add(to);
        }
        deps.values().forEach(l -> l.sort(original));
        Map<Long, Integer> state = new HashMap<>();
        for (Definition d : all) {
            if (d.kind() == DefinitionKind.MACRO) {
                o.macros.add(d);
            } else {
                o.visit(d, deps, state);
            }
        }
        if (macroOrder != null) {
            // a macro that a guard tests must stand before the guard: the order the compiler read them
            o.macros.sort(macroOrder);
        }
        return o;
    }

    private void visit(Definition d, Map<Long, List<Definition>> deps, Map<Long, Integer> state) {
        Integer s = state.get(d.id());
        if (s != null) {
            if (s == 1) {
                forward.add(d); // met again while its own uses are being placed: a cycle
            }
            return;
        }
        state.put(d.id(), 1);
        List<Definition> after = new ArrayList<>();
        for (Definition dep : deps.getOrDefault(d.id(), List.of())) {
            // a variable (a prog array) that takes functions' addresses: they are declared ahead and
            // placed after it, since they may use it themselves and a variable cannot be declared ahead
            boolean variable = d.kind() == DefinitionKind.MAP || d.kind() == DefinitionKind.GLOBAL;
            if (variable && dep.kind() == DefinitionKind.FUNCTION && !Integer.valueOf(2).equals(state.get(dep.id()))) {
                forward.add(dep);
                after.add(dep);
                continue;
            }
            visit(dep, deps, state);
        }
        state.put(d.id(), 2);
        rest.add(d);
        for (Definition f : after) {
            visit(f, deps, state);
        }
    }
}
