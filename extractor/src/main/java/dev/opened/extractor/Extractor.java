package dev.opened.extractor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.CompilerMacros;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;
import dev.opened.callgraph.HelperCall;
import dev.opened.callgraph.MapDef;
import dev.opened.callgraph.Reference;
import dev.opened.callgraph.Repo;
import dev.opened.common.OpenedException;
import dev.opened.common.Toolchain;

/**
 * Extracts one function into a standalone unit that compiles on its own, holds only what the
 * function needs and reads like the original. A pipeline of passes, each its own class: close
 * over references ({@link Closure}), check names ({@link Clashes}), includes ({@link Includes}),
 * order ({@link Order}), gather the slice's texts, licenses and facts ({@link Slice}), emit it with
 * guards and license ({@link Emitter}), manifest. Only the passes before emitting read the graph.
 */
public final class Extractor {
    private final CallGraph graph;

    /** An extractor reading {@code graph}. */
    public Extractor(CallGraph graph) {
        this.graph = graph;
    }

    /** Builds the unit in memory; {@link UnitWriter} writes it. */
    public Unit extract(ExtractRequest request) {
        Definition f = request.function();
        if (f.kind() != DefinitionKind.FUNCTION) {
            throw OpenedException.badInput(f.qualifiedName() + " is a " + f.kind().label() + ", not a function");
        }
        Repo repo = graph.requireRepo(f.repo());
        Closure closure = Closure.of(graph, f);
        Includes includes = Includes.of(graph, f.repo(), closure.translationUnit);
        List<Definition> needed = new ArrayList<>();
        for (Definition d : closure.nodes.values()) {
            if (!includes.isCopied(d.path())) {
                needed.add(d);
            }
        }
        includes.insideDefinitions(graph, f.repo(), needed);
        Clashes.check(needed, graph::sourceText);
        Order order = Order.of(needed, closure.edges, includes.fileOrder, includes.readingOrder());

        Slice slice = Slice.of(graph, f, closure, includes, needed, order);

        Emitter e = new Emitter();
        e.license(slice.files());
        e.banner(f);
        e.userDefines(request.userDefines());
        e.includes(includes.lines);
        e.keepFileNames = slice.definitions().stream().anyMatch(p -> p.text().contains("__FILE_NAME__"));
        // declared ahead after the macros: a signature may name one (a section, an attribute)
        boolean declared = false;
        for (Slice.Piece p : slice.definitions()) {
            if (!declared && p.definition().kind() != DefinitionKind.MACRO) {
                e.closeOpenGuards(0);
                e.forwardDeclarations(slice.forward());
                declared = true;
            }
            e.definition(p);
        }
        e.closeOpenGuards(0);
        if (!declared) {
            e.forwardDeclarations(slice.forward());
        }
        e.licenseName = slice.licenseName();
        if (closure.licenseSection == null) {
            e.addedLicenseSection();
        }
        for (String copied : includes.copied.keySet()) {
            e.notes.add(copied + " copied whole from " + includes.copied.get(copied) + (includes.includedInside(copied)
                    ? " (a definition includes it in its text)" : includes.installed.contains(copied)
                            ? " (the libbpf the repo vendors, as its build installs it)" : " (a generated kernel type dump)"));
        }

        String unitName = f.name() + ".c";
        String object = f.name() + ".bpf.o";
        Set<String> definedMacros = Emitter.names(needed, DefinitionKind.MACRO);
        List<String> defines = new ArrayList<>(repo.defines());
        // libbpf's tracing macros need the target arch that every libbpf build passes with -D, and so do
        // the vmlinux.h files that include one arch's dump (pwru, netobserv); the crawl parsed with it
        boolean tracingHeaders = includes.lines.stream().anyMatch(l -> l.directive().contains("bpf_tracing.h")
                || l.directive().contains("usdt.bpf.h")) || !includes.copied.isEmpty();
        if (tracingHeaders && defines.stream().noneMatch(d -> d.startsWith("__TARGET_ARCH_"))) {
            String define = Toolchain.host().targetArchDefine();
            defines.add(define);
            e.notes.add("-D" + define + " added: libbpf's tracing macros need the target arch");
        }
        Set<String> definedByFlags = new HashSet<>();
        for (String d : defines) {
            definedByFlags.add(d.contains("=") ? d.substring(0, d.indexOf('=')) : d);
        }
        for (String d : request.userDefines()) {
            definedByFlags.add(d.contains("=") ? d.substring(0, d.indexOf('=')) : d);
        }
        List<String> guardMacros = new ArrayList<>();
        for (String m : Emitter.macrosTested(needed, includes.lines)) {
            if (!definedMacros.contains(m) && !definedByFlags.contains(m) && !CompilerMacros.isCompilers(m)) {
                guardMacros.add(m);
            }
        }
        List<String> cflags = new ArrayList<>(List.of("-I."));
        List<String> undeclared = slice.undeclared();
        if (!undeclared.isEmpty()) {
            cflags.add("-Wno-error=implicit-function-declaration");
            e.notes.add("the original calls " + String.join(", ", undeclared) + " without a declaration (defined, if at all, "
                    + "only under other -D switches); clang warns here as it does for the original");
        }

        List<String> nodes = new ArrayList<>();
        Map<Long, String> labels = new LinkedHashMap<>();
        for (Definition d : closure.nodes.values()) {
            String label = d.kind().label() + ":" + d.name() + "@" + d.path() + ":" + d.startLine();
            labels.put(d.id(), label);
            nodes.add(label);
        }
        List<Manifest.Edge> edges = new ArrayList<>();
        for (Reference r : closure.edges) {
            edges.add(new Manifest.Edge(labels.get(r.fromId()), labels.get(r.toId()), r.kind().label()));
        }
        Manifest manifest = new Manifest(1, f.name(), unitName, object, f.repo(), repo.profile(), f.commit(),
                new Manifest.Location(f.path(), f.startLine(), f.endLine()), f.section(), f.programType(), null, e.programs,
                e.taken, new Manifest.Closure(nodes, edges), slice.maps(), new ArrayList<>(slice.helpers()), guardMacros, defines, cflags,
                new Manifest.License(e.spdx, e.licenseName), null, e.notes);
        Map<String, String> files = new LinkedHashMap<>();
        files.put(unitName, e.text());
        files.putAll(slice.copied());
        if (includes.generated != null && !files.containsKey("vmlinux.h")) {
            try {
                files.put("vmlinux.h", java.nio.file.Files.readString(includes.generated));
                String from = includes.generated.getParent().getFileName().toString();
                e.notes.add("vmlinux.h generated (the repo has none) from the BTF of " + (from.startsWith("debian-")
                        ? "the test kernel " + from.substring("debian-".length()) + ", the same on every machine"
                        : "the running kernel " + from.replaceFirst("^running-", "") + " (no test kernel fetched: run "
                                + "bin/fetch-kernel for units that are the same on every machine)"));
            } catch (java.io.IOException io) {
                throw OpenedException.failure("cannot read " + includes.generated + ": " + io.getMessage());
            }
        }
        files.put("opened.json", manifest.toJson());
        return new Unit(f.name(), files, manifest);
    }
}
