package dev.opened.callgraph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Functions by what their code uses: a helper, a map type, a callee, a program type, a context
 * field. A function uses what it or any function it calls (in its repo, transitively) uses, since a
 * program that calls {@code bpf_redirect_map} through a helper of its own is what a user looks for.
 */
public final class FunctionSearch {
    /**
     * What to look for; a null field is no constraint.
     *
     * @param repo only this repo
     * @param pattern a glob on the function's name
     * @param helper a helper its closure calls ({@code bpf_map_lookup_elem})
     * @param mapType a map type its closure uses ({@code BPF_MAP_TYPE_HASH}, or {@code hash})
     * @param calls a function its closure calls, by name
     * @param programType the program type of its own section ({@code xdp}, {@code sched_cls}; {@code tc} works)
     * @param ctxField a context field its closure reads: {@code xdp_md.data_meta} (the struct, a dot, the field)
     */
    public record Query(String repo, String pattern, String helper, String mapType, String calls, String programType,
            String ctxField) {
    }

    private final CallGraph graph;
    private final Map<Long, Set<Long>> closures = new HashMap<>();

    /** Searches {@code graph}. */
    public FunctionSearch(CallGraph graph) {
        this.graph = graph;
    }

    /** The functions that match every constraint of {@code q}, in the call graph's order. */
    public List<Definition> find(Query q) {
        List<Definition> out = new ArrayList<>();
        for (Definition d : graph.functions(q.repo(), null, q.pattern())) {
            if (matches(d, q)) {
                out.add(d);
            }
        }
        return out;
    }

    private boolean matches(Definition d, Query q) {
        // a hook's name as users write it (tc) stands for its program type (sched_cls)
        if (q.programType() != null && !q.programType().equalsIgnoreCase(d.programType())
                && !HookFamily.programTypeOfHook(q.programType()).equals(d.programType())) {
            return false;
        }
        if (q.helper() == null && q.mapType() == null && q.calls() == null && q.ctxField() == null) {
            return true;
        }
        Set<Long> closure = closure(d.id());
        if (q.helper() != null && closure.stream().noneMatch(id -> graph.helperCalls(id).stream()
                .anyMatch(h -> h.helper().equals(q.helper())))) {
            return false;
        }
        if (q.calls() != null && closure.stream().filter(id -> id != d.id())
                .noneMatch(id -> q.calls().equals(graph.definition(id).name()))) {
            return false;
        }
        if (q.mapType() != null && !usesMapType(closure, q.mapType())) {
            return false;
        }
        return q.ctxField() == null || readsField(closure, q.ctxField());
    }

    private boolean usesMapType(Set<Long> closure, String wanted) {
        String w = wanted.toUpperCase(Locale.ROOT);
        String full = w.startsWith("BPF_MAP_TYPE_") ? w : "BPF_MAP_TYPE_" + w;
        for (long id : closure) {
            for (Reference r : graph.referencesFrom(id)) {
                if (r.kind() == ReferenceKind.MAP_READ || r.kind() == ReferenceKind.MAP_UPDATE || r.kind() == ReferenceKind.MAP_USE
                        || r.kind() == ReferenceKind.GLOBAL) {
                    if (graph.map(r.toId()).map(m -> full.equals(m.mapType())).orElse(false)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A function of the closure that names {@code struct TYPE} in its signature and reads {@code ->FIELD}. */
    private boolean readsField(Set<Long> closure, String ctxField) {
        int dot = ctxField.indexOf('.');
        String type = dot < 0 ? null : ctxField.substring(0, dot).replaceFirst("^struct\\s+", "");
        String field = dot < 0 ? ctxField : ctxField.substring(dot + 1);
        Pattern access = Pattern.compile("->\\s*" + Pattern.quote(field) + "\\b");
        Pattern struct = type == null ? null : Pattern.compile("\\bstruct\\s+" + Pattern.quote(type) + "\\b");
        for (long id : closure) {
            Definition f = graph.definition(id);
            if (struct != null && (f.signature() == null || !struct.matcher(f.signature()).find())) {
                continue;
            }
            if (access.matcher(graph.sourceText(f)).find()) {
                return true;
            }
        }
        return false;
    }

    /** The function and every function it calls, transitively. */
    private Set<Long> closure(long id) {
        Set<Long> known = closures.get(id);
        if (known != null) {
            return known;
        }
        Set<Long> seen = new LinkedHashSet<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(id));
        while (!todo.isEmpty()) {
            long f = todo.pop();
            if (!seen.add(f)) {
                continue;
            }
            for (Reference r : graph.referencesFrom(f)) {
                if (r.kind() == ReferenceKind.CALL) {
                    todo.push(r.toId());
                }
            }
        }
        closures.put(id, seen);
        return seen;
    }
}
