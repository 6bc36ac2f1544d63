package dev.opened.callgraph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.Gson;

/**
 * A family of hooks OPENED knows (xdp, tc, cgroup_skb, socket, kprobe, kretprobe, fentry, fexit,
 * tracepoint, raw_tp), and the program type a section name implies. Everything OPENED knows of
 * hooks is data in one file, {@code hook-families.json} beside this class; the crawler, the
 * transformer and the CLI read it here, so that a new hook is one entry in that file.
 *
 * @param name the family's name, also its template's ({@code templates/hooks/NAME.ftl}) and rule tables' name
 * @param aliases other names a user may write ({@code classifier}, {@code tp}, {@code raw_tracepoint})
 * @param programTypes the kernel's program types of the family, the one a new program gets first
 * @param sectionPrefixes section prefixes that tell this family from an earlier one of the same program type
 *        ({@code kretprobe} from {@code kprobe}); empty for the first of a program type
 * @param target what a hook of the family attaches to: {@code none}, {@code direction} (ingress or egress),
 *        {@code symbol} (a kernel function or tracepoint name), {@code tracepoint} ({@code CATEGORY/NAME})
 * @param targetDefault the target when none is written, or null
 * @param targetRequired whether a hook must name its target
 * @param targetInSection whether the target is part of the section name ({@code kprobe/FN})
 * @param targetInherited whether a hook with no target takes the retargeted program's
 * @param hint how to write a hook of the family, for an error
 * @param spelling the family's hook as a synopsis writes it ({@code kprobe/FN})
 * @param candidate the hook {@code opened hookpoints} tries for the family, or null when a sibling stands for it
 * @param exampleTarget a stand-in target for trying a hook that needs one, or null
 * @param context the context entry programs of the family take
 * @param passCode what an entry program returns to let the packet or event go on
 * @param returnCodes the family's action codes and their numbers, empty when its programs return plain numbers
 * @param directPacket whether its programs reach the packet through {@code ctx->data}
 * @param headers the includes its entry program needs beside the context
 * @param group families of one group share a context type: a helper taking it needs no rewrite between them
 */
public record HookFamily(String name, List<String> aliases, List<String> programTypes, List<String> sectionPrefixes,
        String target, String targetDefault, boolean targetRequired, boolean targetInSection, boolean targetInherited,
        String hint, String spelling, String candidate, String exampleTarget, Context context, String passCode,
        Map<String, Long> returnCodes, boolean directPacket, List<String> headers, String group) {

    /**
     * The context of a family's programs.
     *
     * @param struct the context struct's tag ({@code xdp_md}), or null when it is no struct
     * @param decl the entry program's parameter ({@code struct xdp_md *ctx})
     * @param bound whether a helper function's parameter of this struct type is given the context when wrapped
     */
    public record Context(String struct, String decl, boolean bound) {
    }

    /** Fills what the file leaves out. */
    public HookFamily {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        programTypes = List.copyOf(programTypes);
        sectionPrefixes = sectionPrefixes == null ? List.of() : List.copyOf(sectionPrefixes);
        // in the file's order: where two codes share a number, the first names it
        returnCodes = returnCodes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(returnCodes));
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /** The kernel's program type a new program of the family gets. */
    public String programType() {
        return programTypes.get(0);
    }

    /** Whether a context of {@code other} is this family's too (tc, cgroup_skb and socket share {@code __sk_buff}). */
    public boolean sharesContext(HookFamily other) {
        return group.equals(other.group);
    }

    /** Every family, in the table's order. */
    public static List<HookFamily> all() {
        return Table.DATA.families;
    }

    /** The family named {@code name} or by an alias of it (any case), or null. */
    public static HookFamily named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (HookFamily f : all()) {
            if (f.name.equals(n) || f.aliases.contains(n)) {
                return f;
            }
        }
        return null;
    }

    /**
     * The family of a program in {@code section} of {@code programType}: among the families of the
     * program type, the one whose section prefix matches, else the first. Null for no program type.
     */
    public static HookFamily of(String section, String programType) {
        if (programType == null) {
            return null;
        }
        HookFamily first = null;
        for (HookFamily f : all()) {
            if (!f.programTypes.contains(programType)) {
                continue;
            }
            if (section != null && f.sectionPrefixes.stream().anyMatch(section::startsWith)) {
                return f;
            }
            first = first == null ? f : first;
        }
        return first;
    }

    /** The family a name of a program type's family is, or {@code programType} itself for a type OPENED has no family for. */
    public static String familyName(String section, String programType) {
        HookFamily f = of(section, programType);
        return f != null ? f.name : programType;
    }

    /** The first family whose context is {@code struct} and is bound by type when wrapped, or null. */
    public static HookFamily boundContext(String struct) {
        for (HookFamily f : all()) {
            if (f.context.bound && struct.equals(f.context.struct)) {
                return f;
            }
        }
        return null;
    }

    /** The program type for a function's section, or null for data sections and unknown names. */
    public static String programTypeOf(String section) {
        if (section == null || section.startsWith(".") || section.equals("license") || section.equals("version")
                || section.equals("maps")) {
            return null;
        }
        for (List<String> e : Table.DATA.sections) {
            if (section.startsWith(e.get(0))) {
                return e.get(1);
            }
        }
        return null;
    }

    /**
     * The program type a hook or section name as a user writes it implies ({@code tc/ingress} →
     * {@code sched_cls}), or the name itself, lower-cased, when it implies none (a program type).
     */
    public static String programTypeOfHook(String hook) {
        String h = hook.toLowerCase(Locale.ROOT);
        String type = programTypeOf(h);
        return type != null ? type : h;
    }

    /** The file's shape. */
    private record Data(List<List<String>> sections, List<HookFamily> families) {
    }

    /** Read once: it is part of the program, not of any input. */
    private static final class Table {
        static final Data DATA = load();

        private static Data load() {
            try (InputStream in = HookFamily.class.getResourceAsStream("hook-families.json")) {
                // Gson builds records through their canonical constructors, so the defaults above apply
                Data d = new Gson().fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), Data.class);
                return new Data(List.copyOf(d.sections), List.copyOf(d.families));
            } catch (IOException | NullPointerException e) {
                throw new IllegalStateException("hook-families.json is missing from callgraph-db's resources", e);
            }
        }
    }
}
