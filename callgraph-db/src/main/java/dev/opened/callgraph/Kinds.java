package dev.opened.callgraph;

import java.util.regex.Pattern;

/**
 * Tells eBPF C from the user-space loaders that real repos keep beside it: parsing a loader with
 * the BPF target's predefines only yields noise, and nothing in it can be extracted.
 */
final class Kinds {
    static final Pattern BPF_MARKERS = Pattern.compile(
            "\\bSEC\\s*\\(|__section\\s*\\(|bpf_helpers\\.h|bpf_map_def|__attribute__\\s*\\(\\(\\s*section|\\bvmlinux\\.h|"
                    + "BPF_KPROBE|BPF_PROG\\s*\\(|bpf_tracing\\.h|__uint\\s*\\(");
    private static final Pattern USER_SPACE = Pattern.compile(
            "#\\s*include\\s*<(stdio|stdlib|unistd|string|errno|getopt|signal|bpf/libbpf|bpf/bpf|xdp/libxdp|net/if|sys/[a-z_]+)\\.h>");

    /**
     * The words every alternative of {@link #BPF_MARKERS} starts with (after its {@code \b}): a
     * match starts at one of them, so the pattern is tried only there. Tried at every character,
     * it took 2.3 s of a katran re-crawl on the large headers no unit includes.
     */
    private static final String[] MARKER_STARTS = {"SEC", "__section", "bpf_helpers", "bpf_map_def", "__attribute__",
        "vmlinux", "BPF_KPROBE", "BPF_PROG", "bpf_tracing", "__uint"};

    private Kinds() {
    }

    /**
     * Whether {@link #BPF_MARKERS} finds a match in {@code text}: the pattern tried only where one of
     * its start words occurs, each word found with {@code indexOf} (a tight loop even before the JIT
     * has compiled anything, where a test of every character was tens of milliseconds of a
     * re-crawl's headers).
     */
    private static boolean hasMarker(String text) {
        java.util.regex.Matcher m = BPF_MARKERS.matcher(text).useTransparentBounds(true);
        int n = text.length();
        for (String start : MARKER_STARTS) {
            for (int i = text.indexOf(start); i >= 0; i = text.indexOf(start, i + 1)) {
                if (m.region(i, n).lookingAt()) {
                    return true;
                }
            }
        }
        return false;
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
            return hasMarker(text);
        }
        if (name.endsWith("_user.c") || name.contains(".skel.")) {
            return false;
        }
        return hasMarker(text) && !USER_SPACE.matcher(text).find();
    }

    private static final Pattern CONDITIONAL = Pattern.compile("(?m)^\\s*#\\s*(if|ifdef|elif|else)\\b");
    private static final Pattern IFNDEF = Pattern.compile("(?m)^\\s*#\\s*ifndef\\b");

    /** Whether a header has conditional code besides its include guard. */
    static boolean hasConditionalCode(String text) {
        return !Directives.find(CONDITIONAL, text, 1).isEmpty() || Directives.find(IFNDEF, text, 2).size() > 1;
    }

    /** A header nobody includes is parsed alone only when it looks like eBPF C. */
    static boolean isBpfHeader(String text) {
        return hasMarker(text) || text.contains("linux/bpf.h");
    }
}
