package dev.opened.callgraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The definitions one translation unit found, by file and offset and by file, kind and name: which
 * definition holds a use, and which other definitions share a name in a file. Both questions are
 * asked once per reference, so both are answered without scanning the file's definitions: a file
 * with thousands of functions made such scans the larger part of a crawl.
 */
final class DefPlaces {
    private final Map<String, TreeMap<Integer, List<TuResult.Def>>> byFile = new HashMap<>();
    /** Per file, for each start offset, the furthest end of any definition starting there or before. */
    private final Map<String, TreeMap<Integer, Integer>> reach = new HashMap<>();
    private final Map<String, List<TuResult.Def>> byName = new HashMap<>();

    DefPlaces(List<TuResult.Def> defs) {
        for (TuResult.Def d : defs) {
            byFile.computeIfAbsent(d.path(), k -> new TreeMap<>()).computeIfAbsent(d.start(), k -> new ArrayList<>()).add(d);
        }
        byFile.forEach((path, starts) -> {
            TreeMap<Integer, Integer> r = new TreeMap<>();
            int max = Integer.MIN_VALUE;
            for (Map.Entry<Integer, List<TuResult.Def>> e : starts.entrySet()) {
                for (TuResult.Def d : e.getValue()) {
                    max = Math.max(max, d.end());
                    // offset order, then finding order: the order a scan of the file met them in
                    byName.computeIfAbsent(nameKey(path, d.kind(), d.name()), k -> new ArrayList<>()).add(d);
                }
                r.put(e.getKey(), max);
            }
            reach.put(path, r);
        });
    }

    private static String nameKey(String path, String kind, String name) {
        return path + "\0" + kind + "\0" + name;
    }

    /** The definitions of {@code kind} named {@code name} in {@code path}, in offset order. */
    List<TuResult.Def> named(String path, String kind, String name) {
        return byName.getOrDefault(nameKey(path, kind, name), List.of());
    }

    /**
     * The definition holding offset {@code off} of {@code path}, of one of {@code kinds} (any kind but
     * macros when none is given): among those starting nearest before the offset, the shortest.
     */
    TuResult.Def at(String path, int off, DefinitionKind... kinds) {
        TreeMap<Integer, List<TuResult.Def>> m = byFile.get(path);
        if (m == null) {
            return null;
        }
        TreeMap<Integer, Integer> r = reach.get(path);
        TuResult.Def best = null;
        for (Map.Entry<Integer, List<TuResult.Def>> e = m.floorEntry(off); e != null; e = m.lowerEntry(e.getKey())) {
            if (r.get(e.getKey()) <= off) {
                break; // nothing starting here or before reaches the offset
            }
            for (TuResult.Def d : e.getValue()) {
                if (d.end() <= off || d.kind().equals(DefinitionKind.MACRO.name())) {
                    continue;
                }
                boolean kindOk = kinds.length == 0;
                for (DefinitionKind k : kinds) {
                    kindOk |= d.kind().equals(k.name());
                }
                if (kindOk && (best == null || d.end() - d.start() < best.end() - best.start())) {
                    best = d;
                }
            }
            if (best != null) {
                return best;
            }
            if (off - e.getKey() > 1_000_000) {
                break;
            }
        }
        return best;
    }
}
