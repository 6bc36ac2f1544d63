package dev.opened.callgraph;

import java.util.List;
import java.util.Map;

/**
 * What one parse of one translation unit found, before linking: the unit of incremental work,
 * stored gzipped in {@code tu_cache}. Definitions are keyed by {@link Def#key()}, which is stable
 * across translation units so that a header's definitions seen by many units merge into one.
 */
record TuResult(String tuPath, Map<String, String> deps, List<Def> defs, List<Ref> refs, List<HelperUse> helpers,
        List<Inc> includes, List<Problem> problems, List<String> inactiveIn) {

    /** A result with no file marked as holding inactive code. */
    TuResult(String tuPath, Map<String, String> deps, List<Def> defs, List<Ref> refs, List<HelperUse> helpers,
            List<Inc> includes, List<Problem> problems) {
        this(tuPath, deps, defs, refs, helpers, includes, problems, List.of());
    }

    /** A definition found in a repo file. {@code map} is set for maps. */
    record Def(String kind, String name, String path, int start, int end, int startLine, int endLine,
            String signature, boolean isStatic, boolean isInline, String section, List<Guard> guards,
            boolean active, MapAttrs map) {
        String key() {
            return kind + "|" + name + "|" + path + "|" + start;
        }
    }

    /** Map attributes as found. */
    record MapAttrs(String style, String mapType, String keyType, String valueType, Long maxEntries) {
    }

    /**
     * A use of {@code toKey} by {@code fromKey}; {@code toKey} is null and {@code externName} set
     * for a name linked later: a function this unit declares but does not define, or a name in
     * inactive code, which the parser leaves unresolved ({@code hint}: {@code call}, {@code struct},
     * {@code union}, {@code enum} or {@code ident}).
     */
    record Ref(String fromKey, String toKey, String externName, String kind, int line, String hint) {
    }

    /** A direct helper call. */
    record HelperUse(String fromKey, String helper, int line, int column) {
    }

    /** An include directive in a repo file. */
    record Inc(String path, int line, String directive, boolean system, String resolvedPath, List<Guard> guards) {
    }
}
