package dev.opened.callgraph;

import java.util.List;
import java.util.Map;

/**
 * The program type a section name implies, as libbpf's section table maps it, plus the legacy
 * names old projects still use ({@code xdp_icmp_echo}, {@code classifier}, {@code tc-ingress}).
 */
final class ProgramTypes {
    private static final List<Map.Entry<String, String>> PREFIXES = List.of(
            Map.entry("xdp", "xdp"),
            Map.entry("tc", "sched_cls"), Map.entry("classifier", "sched_cls"), Map.entry("action", "sched_act"),
            Map.entry("kprobe", "kprobe"), Map.entry("kretprobe", "kprobe"), Map.entry("uprobe", "kprobe"),
            Map.entry("uretprobe", "kprobe"), Map.entry("ksyscall", "kprobe"), Map.entry("kretsyscall", "kprobe"),
            Map.entry("usdt", "kprobe"),
            Map.entry("tracepoint", "tracepoint"), Map.entry("tp/", "tracepoint"),
            Map.entry("raw_tracepoint", "raw_tracepoint"), Map.entry("raw_tp", "raw_tracepoint"),
            Map.entry("tp_btf", "tracing"), Map.entry("fentry", "tracing"), Map.entry("fexit", "tracing"),
            Map.entry("fmod_ret", "tracing"), Map.entry("iter", "tracing"),
            Map.entry("lsm", "lsm"), Map.entry("perf_event", "perf_event"),
            Map.entry("cgroup_skb", "cgroup_skb"), Map.entry("cgroup/skb", "cgroup_skb"),
            Map.entry("cgroup/sock", "cgroup_sock"), Map.entry("cgroup/post_bind", "cgroup_sock"),
            Map.entry("cgroup/dev", "cgroup_device"), Map.entry("cgroup/sysctl", "cgroup_sysctl"),
            Map.entry("cgroup/getsockopt", "cgroup_sockopt"), Map.entry("cgroup/setsockopt", "cgroup_sockopt"),
            Map.entry("cgroup/", "cgroup_sock_addr"),
            Map.entry("socket", "socket_filter"), Map.entry("sockops", "sock_ops"), Map.entry("sk_skb", "sk_skb"),
            Map.entry("sk_msg", "sk_msg"), Map.entry("sk_lookup", "sk_lookup"), Map.entry("sk_reuseport", "sk_reuseport"),
            Map.entry("flow_dissector", "flow_dissector"), Map.entry("lwt_in", "lwt_in"),
            Map.entry("lwt_out", "lwt_out"), Map.entry("lwt_xmit", "lwt_xmit"), Map.entry("lwt_seg6local", "lwt_seg6local"),
            Map.entry("struct_ops", "struct_ops"), Map.entry("syscall", "syscall"), Map.entry("netfilter", "netfilter"));

    private ProgramTypes() {
    }

    /** The program type for a function's section, or null for data sections and unknown names. */
    static String of(String section) {
        if (section == null || section.startsWith(".") || section.equals("license") || section.equals("version")
                || section.equals("maps")) {
            return null;
        }
        for (Map.Entry<String, String> e : PREFIXES) {
            if (section.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }
}
