package dev.opened.transformer;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;

/**
 * Checks every context field use of a retargeted unit against what the new program type may read
 * and write ({@code rules/contexts.json}, the verifier's own rules), so that a retarget that
 * builds is one the kernel accepts: a field the new context lacks, a write to a read-only field,
 * direct packet access where there is none, and (for cgroup_skb) writes into the packet are
 * errors at their line; a field that is there but means little at the hook is a warning.
 */
final class ContextAccess {
    /** One program type's context rules. */
    record Rules(String struct, String directPacket, Map<String, String> fields, Map<String, String> warnings,
            Map<String, Map<String, String>> directionWarnings, String noFieldWhy, String packetWriteError) {
    }

    private static final Map<String, Rules> RULES = load();
    private static final Pattern PARAM = Pattern.compile("struct\\s+(\\w+)\\s*\\*\\s*(\\w+)");
    /** The context structs OPENED has access rules for: the packet hooks'. */
    private static final Set<String> CONTEXTS = RULES.values().stream().map(Rules::struct).collect(
            java.util.stream.Collectors.toUnmodifiableSet());

    private ContextAccess() {
    }

    /** The rules for {@code programType}, or null when OPENED has none for it. */
    static Rules of(String programType) {
        return RULES.get(programType);
    }

    /** Checks the unit's functions; {@code table} maps the old context's fields (null: the context is unchanged). */
    static void check(Job job, RuleTable table) {
        Rules rules = RULES.get(job.hook.programType());
        if (rules == null) {
            return;
        }
        String text = job.text;
        for (Region r : job.functions()) {
            Matcher p = PARAM.matcher(text).region(r.start(), r.bodyStart());
            Set<String> tainted = new HashSet<>();
            while (p.find()) {
                String struct = p.group(1);
                if (!CONTEXTS.contains(struct)) {
                    continue;
                }
                boolean old = table != null && !table.sameContext() && table.context().containsKey("struct " + struct);
                if (!old && !struct.equals(rules.struct())) {
                    continue; // a context the rewrite leaves alone (an xdp_md helper in an xdp-to-tc unit, say)
                }
                fields(job, rules, table, old, p.group(2), r, tainted);
            }
            if ("r".equals(rules.directPacket()) && !tainted.isEmpty()) {
                packetWrites(job, rules, r, tainted);
            }
        }
    }

    private static void fields(Job job, Rules rules, RuleTable table, boolean old, String param,
            Region r, Set<String> tainted) {
        String text = job.text;
        Matcher use = Pattern.compile("\\b" + Pattern.quote(param) + "\\s*->\\s*(\\w+)").matcher(text).region(r.bodyStart(), r.end());
        while (use.find()) {
            String field = use.group(1);
            int at = use.start(1);
            boolean write = isWrite(text, use.end(), use.start());
            if (old) {
                String to = table.fields().get(field);
                if (to == null) {
                    continue; // the rewrite itself said there is no such field
                }
                if (to.startsWith("=")) {
                    if (write) {
                        job.error(at, field + " becomes a value computed from the packet in " + job.hook.programType()
                                + " programs; it cannot be written");
                    }
                    continue;
                }
                field = to;
            }
            if (field.startsWith("data")) {
                tainted.add("\u0000data");
            }
            String access = rules.fields().get(field);
            if (access == null) {
                if (!job.errorOffsets.contains(at)) {
                    job.error(at, "struct " + rules.struct() + " has no field " + field + " that a " + job.hook.programType()
                            + " program may use" + (rules.noFieldWhy() == null ? "" : ": " + rules.noFieldWhy()));
                }
            } else if (write && !access.contains("w")) {
                job.error(at, field + " is read-only in " + job.hook.programType() + " programs: the verifier refuses the write");
            } else {
                String why = rules.warnings() == null ? null : rules.warnings().get(field);
                Map<String, String> direction = rules.directionWarnings() == null || job.hook.target() == null ? null
                        : rules.directionWarnings().get(job.hook.target());
                if (direction != null && direction.containsKey(field)) {
                    why = direction.get(field);
                }
                if (why != null) {
                    job.warn(at, why);
                }
            }
        }
    }

    /** An assignment, compound assignment or increment follows (or an increment precedes) the field. */
    private static boolean isWrite(String text, int after, int before) {
        String next = text.substring(after, Math.min(text.length(), after + 3)).stripLeading();
        String prev = text.substring(Math.max(0, before - 3), before).stripTrailing();
        return next.matches("^(=[^=]|[-+*/%&|^]=|<<=|>>=|\\+\\+|--).*") || next.equals("=") || prev.endsWith("++")
                || prev.endsWith("--");
    }

    /**
     * Writes through pointers into the packet: pointers taken from {@code ctx->data} and what is
     * derived from them, including what a parser call fills in through {@code &ptr} next to one.
     * A lexical approximation, within one function.
     */
    private static void packetWrites(Job job, Rules rules, Region r, Set<String> tainted) {
        String body = job.text.substring(r.bodyStart(), r.end());
        Set<String> names = new HashSet<>();
        Pattern assign = Pattern.compile("(\\w+)\\s*=\\s*([^;=][^;]*);");
        Pattern outParam = Pattern.compile("\\w+\\s*\\(([^;]*?)\\)\\s*[;<>=!)]");
        for (boolean grew = true; grew;) {
            grew = false;
            Matcher a = assign.matcher(body);
            while (a.find()) {
                String rhs = a.group(2);
                if (!names.contains(a.group(1)) && (rhs.matches("(?s).*->\\s*data\\b.*") || mentions(rhs, names))) {
                    grew |= names.add(a.group(1));
                }
            }
            Matcher c = outParam.matcher(body);
            while (c.find()) {
                if (mentions(c.group(1), names)) {
                    Matcher addr = Pattern.compile("&\\s*(\\w+)").matcher(c.group(1));
                    while (addr.find()) {
                        grew |= names.add(addr.group(1));
                    }
                }
            }
        }
        for (String n : names) {
            Matcher w = Pattern.compile("(?:\\*\\s*\\(?\\s*\\b" + n + "\\b[^;=]*|\\b" + n + "\\s*(?:->\\s*\\w+|\\[[^\\]]*\\])"
                    + "(?:\\s*\\.\\s*\\w+|\\s*\\[[^\\]]*\\])*)\\s*(=[^=]|[-+*/%&|^]=|<<=|>>=|\\+\\+|--)").matcher(body);
            while (w.find()) {
                int at = r.bodyStart() + w.start();
                String before = body.substring(0, w.start()).stripTrailing();
                if (w.group().startsWith("*") && !before.isEmpty() && (Character.isJavaIdentifierPart(before.charAt(before.length() - 1))
                        || before.endsWith("*"))) {
                    continue; // a declaration (void *data = ...), not a store through a pointer
                }
                if (!job.errorOffsets.contains(at)) {
                    job.error(at, rules.packetWriteError() + " (" + w.group().replaceAll("\\s+", " ").trim() + ")");
                }
            }
        }
    }

    private static boolean mentions(String text, Set<String> names) {
        for (String n : names) {
            if (Pattern.compile("\\b" + Pattern.quote(n) + "\\b").matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Rules> load() {
        try (InputStream in = ContextAccess.class.getResourceAsStream("rules/contexts.json")) {
            Type type = new TypeToken<Map<String, Object>>() { }.getType();
            Gson gson = new Gson();
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, Object> raw = gson.fromJson(json, type);
            Map<String, Rules> out = new java.util.LinkedHashMap<>();
            for (String k : raw.keySet()) {
                if (!k.startsWith("_")) {
                    out.put(k, gson.fromJson(gson.toJsonTree(raw.get(k)), Rules.class));
                }
            }
            return out;
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("rules/contexts.json is missing from the transformer's resources", e);
        }
    }

    static List<String> fieldsOf(String programType) {
        Rules r = RULES.get(programType);
        return r == null ? List.of() : new ArrayList<>(r.fields().keySet());
    }
}
