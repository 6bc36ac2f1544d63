package dev.opened.transformer;

import java.util.List;
import java.util.Map;

/** The includes the new hook needs (the table's), added after the unit's last include unless there. */
final class HeadersPass implements Pass {
    /**
     * CO-RE units include vmlinux.h, which clashes with the UAPI headers; the return-code macros
     * they would bring (BTF has no macros) come as guarded defines instead.
     */
    private static final Map<String, String> VMLINUX_INSTEAD = Map.of("#include <linux/pkt_cls.h>",
            "#ifndef TC_ACT_OK\n#define TC_ACT_UNSPEC (-1)\n#define TC_ACT_OK 0\n#define TC_ACT_SHOT 2\n"
                    + "#define TC_ACT_REDIRECT 7\n#endif", "#include <linux/if_ether.h>", "");

    @Override
    public void apply(Job job) {
        add(job, job.table.headers());
        if (!job.table.sameContext()) {
            // a repo with its own copy of the UAPI bpf.h gave the unit only the old context struct
            String ctx = Wrapper.contextType(job);
            if (!ctx.isEmpty()) {
                job.pendingHeaders.add(ctx);
            }
        }
    }

    /** Adds {@code headers} to the job's pending ones, each once, as a CO-RE unit can take it. */
    static void add(Job job, List<String> headers) {
        boolean core = job.text.contains("#include \"vmlinux.h\"");
        for (String h0 : headers) {
            String h = core && VMLINUX_INSTEAD.containsKey(h0) ? VMLINUX_INSTEAD.get(h0) : h0;
            if (h.isEmpty()) {
                continue; // vmlinux.h has the type already
            }
            if (job.text.contains(h) || job.pendingHeaders.contains(h)) {
                continue;
            }
            job.pendingHeaders.add(h);
        }
    }
}
