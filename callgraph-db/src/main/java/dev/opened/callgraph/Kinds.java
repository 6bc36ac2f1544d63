package dev.opened.callgraph;

import java.util.regex.Pattern;

/**
 * Tells eBPF C from the user-space loaders that real repos keep beside it: parsing a loader with
 * the BPF target's predefines only yields noise, and nothing in it can be extracted.
 */
final class Kinds {
    private static final Pattern BPF_MARKERS = Pattern.compile(
            "\\bSEC\\s*\\(|__section\\s*\\(|bpf_helpers\\.h|bpf_map_def|__attribute__\\s*\\(\\(\\s*section|\\bvmlinux\\.h|"
                    + "BPF_KPROBE|BPF_PROG\\s*\\(|bpf_tracing\\.h|__uint\\s*\\(");
    private static final Pattern USER_SPACE = Pattern.compile(
            "#\\s*include\\s*<(stdio|stdlib|unistd|string|errno|getopt|signal|bpf/libbpf|bpf/bpf|xdp/libxdp|net/if|sys/[a-z_]+)\\.h>");

    private Kinds() {
    }

    /** The kernel samples' naming: {@code xdp_prog_kern.c}, {@code xdp_prog_kern2.c}, {@code tc_reply_kern_02.c}. */
    private static final Pattern KERN_NAME = Pattern.compile(".*_kern(_?\\d+)?\\.c");

    /**
     * A {@code .c} file is eBPF when its name says so or it uses BPF-only markers without user-space
     * headers. {@code _kern} inside a name ({@code dhcp_kern_xdp.c}, but also libxdp's test
     * {@code check_kern_compat.c}, a program that checks the kernel) is only a hint: such a file is
     * eBPF when it has a marker.
     */
    static boolean isBpf(String path, String text) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.endsWith(".bpf.c") || KERN_NAME.matcher(name).matches() || name.endsWith("_bpf.c")) {
            return true;
        }
        if (name.contains("_kern")) {
            return BPF_MARKERS.matcher(text).find();
        }
        if (name.endsWith("_user.c") || name.contains(".skel.")) {
            return false;
        }
        return BPF_MARKERS.matcher(text).find() && !USER_SPACE.matcher(text).find();
    }

    private static final Pattern CONDITIONAL = Pattern.compile("(?m)^\\s*#\\s*(if|ifdef|elif|else)\\b");
    private static final Pattern IFNDEF = Pattern.compile("(?m)^\\s*#\\s*ifndef\\b");

    /** Whether a header has conditional code besides its include guard. */
    static boolean hasConditionalCode(String text) {
        return CONDITIONAL.matcher(text).find() || IFNDEF.matcher(text).results().count() > 1;
    }

    /** A header nobody includes is parsed alone only when it looks like eBPF C. */
    static boolean isBpfHeader(String text) {
        return BPF_MARKERS.matcher(text).find() || text.contains("linux/bpf.h");
    }
}
