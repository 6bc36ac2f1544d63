package dev.opened.transformer;

import java.util.Map;

/** The old context type in a function's signature becomes the new one ({@code struct xdp_md} → {@code struct __sk_buff}). */
final class ContextTypePass implements FunctionPass {
    @Override
    public void apply(Job job, Region r) {
        rename(job, r.start(), r.bodyStart(), "");
    }

    /** Every old context type in {@code [start, end)} of the unit's text renamed; {@code why} ends each rule's name. */
    static void rename(Job job, int start, int end, String why) {
        for (Map.Entry<String, String> c : job.table.context().entrySet()) {
            int i = job.text.indexOf(c.getKey(), start);
            while (i >= 0 && i < end) {
                job.edits.replace(i, c.getKey().length(), c.getValue(), "context " + c.getKey() + " -> " + c.getValue() + why);
                i = job.text.indexOf(c.getKey(), i + c.getKey().length());
            }
        }
    }
}
