package dev.opened.transformer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The old context type in the declarations ahead of the functions that take it: a unit declares a
 * program ahead of a prog array that names it (the extractor's "declared ahead" block), and a
 * declaration left with {@code struct xdp_md *} conflicts with the rewritten definition.
 */
final class ForwardDeclarationsPass implements Pass {
    private static final Pattern DECLARATION = Pattern.compile("(?m)^[^\\n;{}#/]*\\b(\\w+)\\s*\\([^;{}]*\\)\\s*;");

    @Override
    public void apply(Job job) {
        if (job.table == null || job.table.context().isEmpty() || job.table.sameContext()) {
            return;
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        job.contextFunctions.forEach(r -> names.add(r.name()));
        Matcher m = DECLARATION.matcher(job.text);
        while (m.find()) {
            if (!names.contains(m.group(1)) || job.inFunction(m.start())) {
                continue;
            }
            ContextTypePass.rename(job, m.start(), m.end(), " (declaration ahead)");
        }
    }
}
