package dev.opened.transformer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.opened.callgraph.HookFamily;

import dev.opened.common.ActionMap;

/**
 * The numbers behind each hook family's return codes (from {@link HookFamily}) and how a
 * rule table maps one family's onto another's, as numbers: what a packet test of a retarget
 * compares its return codes through.
 */
public final class ActionCodes {
    private ActionCodes() {
    }

    /**
     * The mapping the table from {@code from} to {@code to} applies (the user's table from
     * {@code userRules} when there is one, as a retarget with it would); null when no table takes
     * one family to the other.
     */
    public static ActionMap between(String from, String to, Path userRules) {
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
        return new ActionMap(expected, inherent, names(f), names(t));
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
