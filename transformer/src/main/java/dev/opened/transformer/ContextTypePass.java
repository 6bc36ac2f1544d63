package dev.opened.transformer;

import java.util.Map;

/** The old context type in a function's signature becomes the new one ({@code struct xdp_md} → {@code struct __sk_buff}). */
final class ContextTypePass implements FunctionPass {
    @Override
    public void apply(Job job, Region r) {
        String text = job.text;
        for (Map.Entry<String, String> c : job.table.context().entrySet()) {
            int i = text.indexOf(c.getKey(), r.start());
            while (i >= 0 && i < r.bodyStart()) {
                job.edits.replace(i, c.getKey().length(), c.getValue(), "context " + c.getKey() + " -> " + c.getValue());
                i = text.indexOf(c.getKey(), i + c.getKey().length());
            }
        }
    }
}
