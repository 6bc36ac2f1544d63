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
        Map<String, List<Definition>> macrosOfFile = new java.util.HashMap<>();
        Map<String, Map<String, Definition>> enumeratorsOfUnit = new java.util.HashMap<>();
        Map<String, java.util.Set<String>> filesOfUnit = new java.util.HashMap<>();
        // what only inactive code needs (a function under a switch the build leaves off) is
        // reached second, and stays under that code's guards: unguarded, a type its parse
        // resolved by name could clash with what the unit's includes define
        ArrayDeque<Definition> inactive = new ArrayDeque<>();
        for (boolean second : new boolean[] {false, true}) {
            if (second) {
                todo.addAll(inactive);
            }
            while (!todo.isEmpty()) {
                Definition d = todo.poll();
                if (!second && !d.active() && d.id() != root.id()) {
                    inactive.add(d);
                    continue;
                }
                String unit = d.path().endsWith(".c") ? d.path() : seenBy.getOrDefault(d.id(), tu);
                List<Definition> more = new ArrayList<>();
                if (d.kind() == DefinitionKind.MACRO) {
                    more.addAll(pastedFamily(graph, d, unit, macrosOfFile, filesOfUnit));
                    more.addAll(enumsNamed(graph, d, macrosOfFile));
                    more.addAll(enumsOfUnitNamed(graph, d, unit, enumeratorsOfUnit, macrosOfFile));
                    more.addAll(compilerVariants(graph, d, macrosOfFile));
                } else if (d.kind() == DefinitionKind.FUNCTION) {
                    more.addAll(sameMacroCall(graph, d, unit, macrosOfFile));
                }
                for (Reference r : referencesFrom(graph, d, unit, filesOfUnit)) {
                    c.edges.add(r);
                    if (!c.nodes.containsKey(r.toId())) {
                        more.add(graph.definition(r.toId()));
                    }
                }
                for (Definition t : more) {
                    if (c.nodes.containsKey(t.id())) {
                        continue;
                    }
                    Definition taken = second ? underGuardsOf(d, t) : t;
                    c.nodes.put(t.id(), taken);
                    seenBy.put(t.id(), unit);
                    todo.add(taken);
                }
            }
        }
        return c;
    }

    /**
     * What {@code d} uses as the unit's translation unit read it; for a definition of a file that
     * unit does not read (reached by name from code under a switch the build leaves off, its
     * header included only under that switch), as the first unit that reads its file did.
     */
    private static List<Reference> referencesFrom(CallGraph graph, Definition d, String unit,
            Map<String, java.util.Set<String>> filesOfUnit) {
        List<Reference> refs = graph.referencesFrom(d.id(), unit);
        if (!refs.isEmpty() || filesOf(graph, d.repo(), unit, filesOfUnit).contains(d.path())) {
            return refs;
        }
        List<String> readers = graph.translationUnitsOf(d);
        return readers.isEmpty() ? refs : graph.referencesFrom(d.id(), readers.get(0));
    }

    /**
     * The other functions one macro call defines ({@code TRACE_SYSCALL(dup2, id)} makes an entry and
     * an exit program): the call is the text of each, so a unit holding one holds them all and
     * needs what each of them uses. A template header's {@code int PROG_NAME(...)} is one
     * definition per {@code .c} file at the same place; only those the unit's translation unit
     * saw are the same call.
     */
    private static List<Definition> sameMacroCall(CallGraph graph, Definition fn, String unit,
            Map<String, List<Definition>> byFile) {
        List<Definition> out = new ArrayList<>();
        for (Definition x : ofFile(graph, fn, byFile)) {
            if (x.kind() == DefinitionKind.FUNCTION && x.id() != fn.id() && x.startOffset() == fn.startOffset()
                    && graph.translationUnitsOf(x).contains(unit)) {
                out.add(x);
            }
        }
        return out;
    }

    /** {@code t} wrapped also in the guards of {@code by} that it does not carry itself. */
    private static Definition underGuardsOf(Definition by, Definition t) {
        List<dev.opened.callgraph.Guard> guards = new ArrayList<>();
        for (dev.opened.callgraph.Guard g : by.guards()) {
            // a level of the same #if in the same file is t's own (another branch of it), not one to add
            if (!t.guards().contains(g) && t.guards().stream().noneMatch(x -> x.directives().equals(g.directives())
                    || x.line() == g.line() && by.path().equals(t.path()))) {
                guards.add(g);
            }
        }
        if (guards.isEmpty()) {
            return t;
        }
        guards.addAll(t.guards());
        return new Definition(t.id(), t.repo(), t.commit(), t.kind(), t.name(), t.path(), t.startOffset(), t.endOffset(),
                t.startLine(), t.endLine(), t.signature(), t.isStatic(), t.isInline(), t.section(), t.programType(), guards,
                t.active());
    }

    /**
     * The other branches' definitions of a macro defined under a condition only the compiler
     * decides ({@code #if __has_attribute(btf_decl_tag)}): the parser cannot evaluate it as clang
     * does, so the unit keeps every variant under its condition and clang picks, as for the original.
     */
    private static List<Definition> compilerVariants(CallGraph graph, Definition macro, Map<String, List<Definition>> byFile) {
        java.util.Set<Integer> levels = new java.util.HashSet<>();
        for (dev.opened.callgraph.Guard g : macro.guards()) {
            if (g.macros().stream().anyMatch(m -> !m.equals("defined") && dev.opened.callgraph.CompilerMacros.isCompilers(m))) {
                levels.add(g.line());
            }
        }
        List<Definition> out = new ArrayList<>();
        if (levels.isEmpty()) {
            return out;
        }
        for (Definition x : ofFile(graph, macro, byFile)) {
            if (x.kind() == DefinitionKind.MACRO && x.name().equals(macro.name()) && x.id() != macro.id()
                    && x.guards().stream().anyMatch(g -> levels.contains(g.line()))) {
                out.add(x);
            }
        }
        return out;
    }

    /** {@code BPF_FIELD_} of {@code BPF_FIELD_##info}: names the body makes by pasting onto a prefix. */
    private static List<String> pastedPrefixes(String text) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\w{3,})\\s*##").matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("[A-Za-z_]\\w*");

    /**
     * The macros a macro reaches only by token pasting: libbpf-style variadic dispatch names a
     * family's stem ({@code ___arrow}, {@code ___bpf_fill}) and pastes the argument count onto it,
     * so no use of {@code ___arrow3} appears anywhere. Every macro of the same file named a stem
     * that the body mentions plus a number is taken. A stem the body pastes onto directly
     * ({@code PT_REGS_PARM##X}) that its own file has no family of names what is defined where
     * the macro expands, as the compiler sees it: the family of the first other file of the
     * translation unit that defines one.
     */
    private static List<Definition> pastedFamily(CallGraph graph, Definition macro, String unit,
            Map<String, List<Definition>> macrosOfFile, Map<String, java.util.Set<String>> filesOfUnit) {
        String text = graph.sourceText(macro);
        int body = text.indexOf(')', text.indexOf(macro.name()));
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (!lower.contains("##") && !lower.contains("apply") && !lower.contains("concat")) {
            return List.of();
        }
        String bodyText = body < 0 ? text : text.substring(body);
        java.util.Set<String> stems = new java.util.HashSet<>();
        java.util.regex.Matcher m = WORD.matcher(bodyText);
        while (m.find()) {
            stems.add(m.group());
        }
        List<Definition> out = new ArrayList<>(familyOf(ofFile(graph, macro, macrosOfFile), stems));
        // only what is pasted onto is looked for elsewhere: any word of the body would match an
        // unrelated numbered macro of some header
        java.util.Set<String> pasted = new java.util.TreeSet<>(pastedPrefixes(bodyText));
        out.forEach(x -> pasted.remove(stemOf(x.name())));
        if (pasted.isEmpty()) {
            return out;
        }
        java.util.Set<String> files = filesOf(graph, macro.repo(), unit, filesOfUnit);
        for (String stem : pasted) {
            for (String p : files) {
                if (p.equals(macro.path())) {
                    continue;
                }
                List<Definition> family = familyOf(macrosOfFile.computeIfAbsent(p, q -> graph.definitionsIn(macro.repo(), q)),
                        java.util.Set.of(stem));
                if (!family.isEmpty()) {
                    out.addAll(family);
                    break;
                }
            }
        }
        return out;
    }

    /** The files translation unit {@code unit} of {@code repo} reads, in its order; asked once per unit. */
    private static java.util.Set<String> filesOf(CallGraph graph, String repo, String unit,
            Map<String, java.util.Set<String>> filesOfUnit) {
        return filesOfUnit.computeIfAbsent(unit, u -> new java.util.LinkedHashSet<>(graph.translationUnitFiles(repo, u)));
    }

    /** The macros of {@code defs} named one of {@code stems} plus a count. */
    private static List<Definition> familyOf(List<Definition> defs, java.util.Set<String> stems) {
        List<Definition> out = new ArrayList<>();
        for (Definition x : defs) {
            String stem = stemOf(x.name());
            if (x.kind() == DefinitionKind.MACRO && !stem.equals(x.name()) && stems.contains(stem)) {
                out.add(x);
            }
        }
        return out;
    }

    /** The name without its count: a number, or N for "one or more" (libbpf's ___empty). */
    private static String stemOf(String name) {
        return name.replaceFirst("(\\d+|N)$", "");
    }

    private static List<Definition> ofFile(CallGraph graph, Definition d, Map<String, List<Definition>> byFile) {
        return byFile.computeIfAbsent(d.path(), p -> graph.definitionsIn(d.repo(), p));
    }

    /**
     * The enums of a macro's own file whose enumerators its body names, or makes by pasting onto
     * a prefix: the crawl records what a macro body uses only among macros, and a CO-RE macro
     * passes {@code BPF_FIELD_##info} from the enum beside it.
     */
    private static List<Definition> enumsNamed(CallGraph graph, Definition macro, Map<String, List<Definition>> byFile) {
        List<Definition> out = new ArrayList<>();
        String text = null;
        for (Definition e : ofFile(graph, macro, byFile)) {
            if (e.kind() != DefinitionKind.ENUM) {
                continue;
            }
            if (text == null) {
                text = graph.sourceText(macro);
            }
            for (String enumerator : enumerators(graph, e)) {
                if (java.util.regex.Pattern.compile("\\b" + enumerator + "\\b").matcher(text).find()
                        || pastedPrefixes(text).stream().anyMatch(enumerator::startsWith)) {
                    out.add(e);
                    break;
                }
            }
        }
        return out;
    }

    private static List<String> enumerators(CallGraph graph, Definition e) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\w+)\\s*(?:=[^,}]*)?[,}]")
                .matcher(graph.sourceText(e).replaceAll("(?s)/\\*.*?\\*/|//[^\\n]*", "").replaceFirst("(?s)^[^{]*\\{", ""));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * The enums of other files of the translation unit whose enumerators a macro's body names: a
     * macro names what is declared where it expands, so a header's CO-RE macro may name the enum
     * of a header included after it (and that header's macro an enum of the first). Generated
     * kernel type dumps are copied whole, not sliced, and are left out.
     */
    private static List<Definition> enumsOfUnitNamed(CallGraph graph, Definition macro, String unit,
            Map<String, Map<String, Definition>> cache, Map<String, List<Definition>> byFile) {
        Map<String, Definition> byEnumerator = cache.computeIfAbsent(unit, u -> {
            Map<String, Definition> m = new java.util.HashMap<>();
            for (String p : graph.translationUnitFiles(macro.repo(), u)) {
                if (p.matches("(.*/)?vmlinux[^/]*\\.h")) {
                    continue;
                }
                for (Definition e : graph.definitionsIn(macro.repo(), p)) {
                    if (e.kind() == DefinitionKind.ENUM && e.active()) {
                        enumerators(graph, e).forEach(n -> m.putIfAbsent(n, e));
                    }
                }
            }
            return m;
        });
        String text = graph.sourceText(macro);
        int nameAt = text.indexOf(macro.name());
        java.util.regex.Matcher w = WORD.matcher(nameAt < 0 ? text : text.substring(nameAt + macro.name().length()));
        java.util.Set<String> ownFile = new java.util.HashSet<>();
        for (Definition e : ofFile(graph, macro, byFile)) {
            if (e.kind() == DefinitionKind.ENUM) {
                ownFile.addAll(enumerators(graph, e));
            }
        }
        List<Definition> out = new ArrayList<>();
        while (w.find()) {
            // the macro's own file comes first (enumsNamed): its enum is the one meant
            Definition e = ownFile.contains(w.group()) ? null : byEnumerator.get(w.group());
            if (e != null && !out.contains(e)) {
                out.add(e);
            }
        }
        return out;
    }
}
