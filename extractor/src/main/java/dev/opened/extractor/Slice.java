package dev.opened.extractor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;
import dev.opened.callgraph.HelperCall;
import dev.opened.callgraph.MapDef;
import dev.opened.callgraph.SourceFile;

/**
 * Pass "gather": everything a unit is made of, read from the graph before a line is written, so
 * that emitting is formatting alone and the graph is read in one place.
 *
 * @param files the source files the unit takes text from (the function's first), for their licenses
 * @param forward definitions declared ahead of their use
 * @param definitions the definitions in unit order, each once, with their text exactly as in the file
 * @param licenseName the string of the last license section among the definitions, or null
 * @param copied unit file name to the text of a header copied whole
 * @param undeclared functions the original calls without a declaration, in the unit's definitions
 * @param helpers the helpers the unit's functions call, sorted
 * @param maps the unit's maps with their attributes
 */
record Slice(List<SourceFile> files, Set<Definition> forward, List<Piece> definitions, String licenseName,
        Map<String, String> copied, List<String> undeclared, Set<String> helpers, List<Manifest.MapInfo> maps) {

    /** One definition and its source text. */
    record Piece(Definition definition, String text) {
    }

    static Slice of(CallGraph graph, Definition f, Closure closure, Includes includes, List<Definition> needed,
            Order order) {
        Set<String> paths = new LinkedHashSet<>();
        paths.add(f.path());
        needed.forEach(d -> paths.add(d.path()));
        List<SourceFile> files = new ArrayList<>();
        for (String p : paths) {
            graph.file(f.repo(), p).ifPresent(files::add);
        }

        // macros first, then the rest, each definition once
        List<Piece> pieces = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        String licenseName = null;
        List<Definition> inOrder = new ArrayList<>(order.macros);
        inOrder.addAll(order.rest);
        for (Definition d : inOrder) {
            if (taken.add(d.path() + ":" + d.startOffset())) {
                String text = graph.sourceText(d);
                pieces.add(new Piece(d, text));
                if (d.kind() == DefinitionKind.GLOBAL && "license".equals(d.section())) {
                    licenseName = CallGraph.licenseString(text);
                }
            }
        }

        Map<String, String> copied = new LinkedHashMap<>();
        for (Map.Entry<String, String> c : includes.copied.entrySet()) {
            copied.put(c.getKey(), graph.content(f.repo(), c.getValue()));
        }

        // an original that calls a function it never declares (one defined only under other -Ds)
        // builds with clang's warning: its unit must not be stricter than the original
        List<String> undeclared = graph.problems(f.repo()).stream()
                .filter(p -> closure.translationUnit.equals(p.translationUnit())
                        && p.message().startsWith("implicit declaration of function '"))
                .filter(p -> needed.stream().anyMatch(d -> d.path().equals(p.path()) && d.startLine() <= p.line()
                        && p.line() <= d.endLine()))
                .map(p -> p.message().replaceAll("^implicit declaration of function '([^']*)'.*", "$1")).distinct().toList();

        Set<String> helpers = new TreeSet<>();
        List<Manifest.MapInfo> maps = new ArrayList<>();
        for (Definition d : needed) {
            if (d.kind() == DefinitionKind.FUNCTION) {
                graph.helperCalls(d.id()).stream().map(HelperCall::helper).forEach(helpers::add);
            } else if (d.kind() == DefinitionKind.MAP) {
                Optional<MapDef> m = graph.map(d.id());
                m.ifPresent(x -> maps.add(new Manifest.MapInfo(d.name(), x.mapType(), x.keyType(), x.valueType(),
                        x.maxEntries(), x.style())));
            }
        }
        return new Slice(files, order.forward, pieces, licenseName, copied, undeclared, helpers, maps);
    }
}
