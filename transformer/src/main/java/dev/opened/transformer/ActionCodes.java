package dev.opened.transformer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.opened.callgraph.HookFamily;

/**
 * The numbers behind each hook family's return codes (from {@link HookFamily}) and how a
 * rule table maps one family's onto another's, as numbers: what a packet test of a retarget
 * compares its return codes through.
 */
public final class ActionCodes {
    private ActionCodes() {
    }

    /**
     * One hook pair's return codes as numbers (unsigned 32-bit, as a test run returns them).
     *
     * @param expected a code of the original → the code the retarget must return
     * @param inherent a code of the original → why the other family has no counterpart
     * @param fromNames the original family's codes by number
     * @param toNames the retarget's family's codes by number
     */
    public record Pair(Map<Long, Long> expected, Map<Long, String> inherent, Map<Long, String> fromNames,
            Map<Long, String> toNames) {
        /** Copies the maps. */
        public Pair {
            expected = Map.copyOf(expected);
            inherent = Map.copyOf(inherent);
            fromNames = Map.copyOf(fromNames);
            toNames = Map.copyOf(toNames);
        }
    }

    /**
     * The mapping the table from {@code from} to {@code to} applies (the user's table from
     * {@code userRules} when there is one, as a retarget with it would); null when no table takes
     * one family to the other.
     */
    public static Pair between(String from, String to, Path userRules) {
        RuleTable table = RuleTable.load(from, to, userRules);
        if (table == null) {
            return null;
        }
        Map<String, Long> f = codes(from);
        Map<String, Long> t = codes(to);
        Map<Long, Long> expected = new LinkedHashMap<>();
        Map<Long, String> inherent = new LinkedHashMap<>();
        Map<String, String> all = new LinkedHashMap<>(table.literalReturns());
        all.putAll(table.returnCodes());
        all.forEach((a, b) -> {
            Long x = value(a, f);
            Long y = value(b, t);
            if (x != null && y != null) {
                expected.put(x, y);
            }
        });
        table.noEquivalent().forEach((a, why) -> {
            Long x = value(a, f);
            if (x != null) {
                inherent.put(x, why);
            }
        });
        return new Pair(expected, inherent, names(f), names(t));
    }

    /** The hook family of a program of {@code programType} in {@code section} ({@code xdp}, {@code tc}...); null for none. */
    public static String family(String section, String programType) {
        return Hook.family(section, programType);
    }

    /** A code by name in its family, or a number written out; unsigned 32-bit. */
    private static Long value(String name, Map<String, Long> family) {
        Long v = family.get(name);
        if (v == null) {
            try {
                v = Long.parseLong(name.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return v & 0xffffffffL;
    }

    private static Map<Long, String> names(Map<String, Long> family) {
        Map<Long, String> out = new LinkedHashMap<>();
        family.forEach((k, v) -> out.putIfAbsent(v & 0xffffffffL, k));
        return out;
    }

    private static Map<String, Long> codes(String family) {
        HookFamily f = HookFamily.named(family);
        return f == null ? Map.of() : f.returnCodes();
    }
}
