package dev.opened.transformer;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;

import dev.opened.common.ActionMap;

/**
 * The numbers behind each hook family's return codes ({@code rules/action-codes.json}) and how a
 * rule table maps one family's onto another's, as numbers: what a packet test of a retarget
 * compares its return codes through.
 */
public final class ActionCodes {
    private static final Map<String, Map<String, Long>> CODES = load();

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
        Map<String, Long> f = CODES.getOrDefault(from, Map.of());
        Map<String, Long> t = CODES.getOrDefault(to, Map.of());
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

    private static Map<String, Map<String, Long>> load() {
        try (InputStream in = ActionCodes.class.getResourceAsStream("rules/action-codes.json")) {
            Type type = new TypeToken<Map<String, Map<String, Long>>>() { }.getType();
            return new Gson().fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), type);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("rules/action-codes.json is missing from the transformer's resources", e);
        }
    }
}
