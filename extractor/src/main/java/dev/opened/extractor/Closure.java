package dev.opened.extractor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;
import dev.opened.callgraph.Reference;

/**
 * Pass "close over references": the function and everything it reaches in the repo — callees,
 * maps and their key/value types, types through their fields, globals, macros through macro
 * bodies and guards, prog arrays and the programs they name — plus the license section of its
 * translation unit. Nothing else.
 */
final class Closure {
    final Map<Long, Definition> nodes = new LinkedHashMap<>();
    final List<Reference> edges = new ArrayList<>();
    final String translationUnit;
    Definition licenseSection;

    private Closure(String translationUnit) {
        this.translationUnit = translationUnit;
    }

    static Closure of(CallGraph graph, Definition root) {
        String tu = graph.translationUnitsOf(root).stream().findFirst().orElse(root.path());
        Closure c = new Closure(tu);
        ArrayDeque<Definition> todo = new ArrayDeque<>();
        todo.add(root);
        c.nodes.put(root.id(), root);
        // the license section is the program's own file's: a header's function has none, however
        // many programs include the header
        for (Definition d : root.path().endsWith(".c") ? graph.definitionsIn(root.repo(), tu) : List.<Definition>of()) {
            if (d.kind() == DefinitionKind.GLOBAL && "license".equals(d.section())) {
                c.licenseSection = d;
                if (c.nodes.putIfAbsent(d.id(), d) == null) {
                    todo.add(d);
                }
                break;
            }
        }
        // each definition is seen through a translation unit: its own .c file, or, for a header's,
        // the unit of whoever reached it
        java.util.Map<Long, String> seenBy = new java.util.HashMap<>();
        seenBy.put(root.id(), tu);
        if (c.licenseSection != null) {
            seenBy.put(c.licenseSection.id(), tu);
        }
        while (!todo.isEmpty()) {
            Definition d = todo.poll();
            String unit = d.path().endsWith(".c") ? d.path() : seenBy.getOrDefault(d.id(), tu);
            for (Reference r : graph.referencesFrom(d.id(), unit)) {
                c.edges.add(r);
                if (!c.nodes.containsKey(r.toId())) {
                    Definition t = graph.definition(r.toId());
                    c.nodes.put(t.id(), t);
                    seenBy.put(t.id(), unit);
                    todo.add(t);
                }
            }
        }
        return c;
    }
}
