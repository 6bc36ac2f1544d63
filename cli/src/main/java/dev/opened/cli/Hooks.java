package dev.opened.cli;

import java.util.Locale;

/** Hookpoint names as users type them, mapped to the program type the call graph stores. */
final class Hooks {
    private Hooks() {
    }

    static String programType(String hook) {
        String h = hook.toLowerCase(Locale.ROOT);
        if (h.equals("tc") || h.startsWith("tc/") || h.equals("classifier")) {
            return "sched_cls";
        }
        if (h.equals("socket")) {
            return "socket_filter";
        }
        if (h.startsWith("kretprobe") || h.startsWith("kprobe")) {
            return "kprobe";
        }
        if (h.startsWith("fentry") || h.startsWith("fexit")) {
            return "tracing";
        }
        if (h.startsWith("raw_tp")) {
            return "raw_tracepoint";
        }
        if (h.startsWith("tracepoint") || h.startsWith("tp/")) {
            return "tracepoint";
        }
        if (h.startsWith("cgroup_skb")) {
            return "cgroup_skb";
        }
        return h;
    }
}
