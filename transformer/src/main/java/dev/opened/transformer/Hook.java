package dev.opened.transformer;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.opened.callgraph.HookFamily;
import dev.opened.callgraph.Printable;
import dev.opened.common.OpenedException;

/**
 * A hookpoint as libbpf names its sections: {@code xdp}, {@code tc} ({@code tc/ingress},
 * {@code tc/egress}), {@code cgroup_skb/ingress|egress}, {@code socket}, {@code kprobe/FN},
 * {@code kretprobe/FN}, {@code fentry/FN}, {@code fexit/FN}, {@code tracepoint/CAT/NAME},
 * {@code raw_tp/NAME}.
 *
 * @param spec as the user wrote it
 * @param programType the kernel's program type ({@code xdp}, {@code sched_cls}, {@code kprobe}...)
 * @param section the {@code SEC()} string an entry program gets
 * @param family the template and attach family ({@code xdp}, {@code tc}, {@code cgroup_skb},
 *        {@code socket}, {@code kprobe}, {@code kretprobe}, {@code fentry}, {@code fexit},
 *        {@code tracepoint}, {@code raw_tp})
 * @param target what is attached to: the traced function, the tracepoint, the direction; or null
 */
public record Hook(String spec, String programType, String section, String family, String target) {

    /** The hooks {@code opened hookpoints} tries, one per program type. */
    public static final List<String> CANDIDATES = HookFamily.all().stream().map(HookFamily::candidate)
            .filter(java.util.Objects::nonNull).toList();

    /**
     * Parses a hook. For tracing hooks with no target ({@code kprobe}, {@code fentry}), the target
     * comes from {@code currentSection} (a kprobe on {@code do_unlinkat} retargeted to
     * {@code fentry} traces {@code do_unlinkat}).
     */
    public static Hook parse(String spec, String currentSection) {
        String s = spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        String head = lower.contains("/") ? lower.substring(0, lower.indexOf('/')) : lower;
        String rest = s.contains("/") ? s.substring(s.indexOf('/') + 1) : null;
        String inherited = currentSection != null && currentSection.contains("/")
                ? currentSection.substring(currentSection.indexOf('/') + 1) : null;
        HookFamily f = HookFamily.named(head);
        if (f == null) {
            throw bad(spec, "hooks: " + String.join(", ", HookFamily.all().stream().map(HookFamily::spelling).toList()));
        }
        String target = switch (f.target()) {
            case "none" -> null;
            case "direction" -> {
                if (rest == null && !f.targetRequired()) {
                    yield f.targetDefault();
                }
                if (rest == null || (!rest.equals("ingress") && !rest.equals("egress"))) {
                    throw bad(spec, f.hint());
                }
                yield rest;
            }
            default -> {
                String t = rest != null || !f.targetInherited() ? rest : inherited;
                boolean tracepoint = f.target().equals("tracepoint");
                if (t == null || (tracepoint ? !t.contains("/") : t.isEmpty())) {
                    throw bad(spec, f.hint());
                }
                yield checked(spec, t, tracepoint ? TRACEPOINT : SYMBOL);
            }
        };
        String section = f.targetInSection() ? f.name() + "/" + target : f.name();
        return new Hook(s, f.programType(), section, f.name(), target);
    }

    /** A kernel symbol: an identifier, with the {@code .isra.0}-style suffixes compilers add. */
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*");
    private static final Pattern TRACEPOINT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*/[A-Za-z_][A-Za-z0-9_]*");

    /**
     * The target, when it is a name and nothing else: it is pasted into {@code SEC("...")} and the
     * Makefile, and may come from a repository's section string.
     */
    private static String checked(String spec, String target, Pattern shape) {
        if (!shape.matcher(target).matches()) {
            throw bad(spec, "'" + Printable.of(target) + "' is not a " + (shape == SYMBOL ? "kernel symbol name"
                    : "tracepoint CATEGORY/NAME") + " (letters, digits, _" + (shape == SYMBOL ? ", ." : ", one /") + ")");
        }
        return target;
    }

    private static OpenedException bad(String spec, String what) {
        return OpenedException.badInput("--hook " + Printable.of(spec) + ": not a hook I know; " + what);
    }

    /** This hook's family in OPENED's hook table. */
    HookFamily hookFamily() {
        return HookFamily.named(family);
    }

    /** True for the hooks whose programs see packets through {@code ctx->data}. */
    public boolean directPacketAccess() {
        return hookFamily().directPacket();
    }

    /** The context parameter an entry program of this hook takes. */
    public String contextDecl() {
        return hookFamily().context().decl();
    }

    /** What an entry program returns to let the packet or event go on. */
    public String passCode() {
        return hookFamily().passCode();
    }

    /** A name for directories and entry programs: {@code tc}, {@code fentry-do_unlinkat}. */
    public String label() {
        return section.replaceAll("[^A-Za-z0-9_]+", "-");
    }

    /** The hook family a manifest's program is in, from its section and program type. */
    static String family(String section, String programType) {
        return HookFamily.familyName(section, programType);
    }
}
