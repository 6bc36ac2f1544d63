package dev.opened.transformer;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

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
    public static final List<String> CANDIDATES = List.of("xdp", "tc", "cgroup_skb/ingress", "socket", "kprobe", "fentry",
            "tracepoint", "raw_tp");

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
        switch (head) {
            case "xdp":
                return new Hook(s, "xdp", "xdp", "xdp", null);
            case "tc":
            case "classifier":
                if (rest != null && !rest.equals("ingress") && !rest.equals("egress")) {
                    throw bad(spec, "tc takes ingress or egress: tc/ingress, tc/egress");
                }
                return new Hook(s, "sched_cls", "tc", "tc", rest == null ? "ingress" : rest);
            case "cgroup_skb":
                if (rest == null || (!rest.equals("ingress") && !rest.equals("egress"))) {
                    throw bad(spec, "write cgroup_skb/ingress or cgroup_skb/egress");
                }
                return new Hook(s, "cgroup_skb", "cgroup_skb/" + rest, "cgroup_skb", rest);
            case "socket":
                return new Hook(s, "socket_filter", "socket", "socket", null);
            case "kprobe":
            case "kretprobe":
            case "fentry":
            case "fexit": {
                String fn = rest != null ? rest : inherited;
                if (fn == null || fn.isEmpty()) {
                    throw bad(spec, "name the kernel function: " + head + "/FN");
                }
                String type = head.startsWith("f") ? "tracing" : "kprobe";
                return new Hook(s, type, head + "/" + checked(spec, fn, SYMBOL), head, fn);
            }
            case "tracepoint":
            case "tp": {
                String tp = rest != null ? rest : inherited;
                if (tp == null || !tp.contains("/")) {
                    throw bad(spec, "name the tracepoint: tracepoint/CATEGORY/NAME");
                }
                return new Hook(s, "tracepoint", "tracepoint/" + checked(spec, tp, TRACEPOINT), "tracepoint", tp);
            }
            case "raw_tp":
            case "raw_tracepoint": {
                String tp = rest != null ? rest : inherited;
                if (tp == null || tp.isEmpty()) {
                    throw bad(spec, "name the tracepoint: raw_tp/NAME");
                }
                return new Hook(s, "raw_tracepoint", "raw_tp/" + checked(spec, tp, SYMBOL), "raw_tp", tp);
            }
            default:
                throw bad(spec, "hooks: xdp, tc[/ingress|/egress], cgroup_skb/ingress|egress, socket, kprobe/FN, "
                        + "kretprobe/FN, fentry/FN, fexit/FN, tracepoint/CAT/NAME, raw_tp/NAME");
        }
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

    /** True for the hooks whose programs see packets through {@code ctx->data}. */
    public boolean directPacketAccess() {
        return family.equals("xdp") || family.equals("tc") || family.equals("cgroup_skb");
    }

    /** The context parameter an entry program of this hook takes. */
    public String contextDecl() {
        return switch (programType) {
            case "xdp" -> "struct xdp_md *ctx";
            case "sched_cls", "cgroup_skb", "socket_filter" -> "struct __sk_buff *ctx";
            case "kprobe" -> "struct pt_regs *ctx";
            case "tracing" -> "unsigned long long *ctx";
            case "raw_tracepoint" -> "struct bpf_raw_tracepoint_args *ctx";
            default -> "void *ctx";
        };
    }

    /** What an entry program returns to let the packet or event go on. */
    public String passCode() {
        return switch (programType) {
            case "xdp" -> "XDP_PASS";
            case "sched_cls" -> "TC_ACT_OK";
            case "cgroup_skb" -> "1";
            case "socket_filter" -> "-1";
            default -> "0";
        };
    }

    /** A name for directories and entry programs: {@code tc}, {@code fentry-do_unlinkat}. */
    public String label() {
        return section.replaceAll("[^A-Za-z0-9_]+", "-");
    }

    /** The hook family a manifest's program is in, from its section and program type. */
    static String family(String section, String programType) {
        if (programType == null) {
            return null;
        }
        return switch (programType) {
            case "xdp" -> "xdp";
            case "sched_cls", "sched_act" -> "tc";
            case "cgroup_skb" -> "cgroup_skb";
            case "socket_filter" -> "socket";
            case "kprobe" -> section != null && (section.startsWith("kretprobe") || section.startsWith("uretprobe")) ? "kretprobe" : "kprobe";
            case "tracing" -> section != null && section.startsWith("fexit") ? "fexit" : "fentry";
            case "tracepoint" -> "tracepoint";
            case "raw_tracepoint" -> "raw_tp";
            default -> programType;
        };
    }
}
