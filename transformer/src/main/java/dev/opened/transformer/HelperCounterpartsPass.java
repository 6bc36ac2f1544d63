package dev.opened.transformer;

import java.util.List;

/** Helper calls that have a counterpart in the new program type, rewritten with their arguments. */
final class HelperCounterpartsPass implements FunctionPass {
    @Override
    public void apply(Job job, Region r) {
        if (job.table.helpers().isEmpty()) {
            return;
        }
        for (CLexer.Token t : CLexer.identifiers(job.text, r.start(), r.end())) {
            String template = job.table.helpers().get(t.text());
            if (template == null) {
                continue;
            }
            int close = CLexer.closingParen(job.text, t.offset() + t.text().length());
            if (close < 0) {
                continue;
            }
            List<String> args = CLexer.arguments(job.text, t.offset() + t.text().length(), close);
            job.edits.replace(t.offset(), close - t.offset(), LexicalPass.fill(template, args), "helper " + t.text() + " -> "
                    + template.substring(0, template.indexOf('(')));
            // the allow-list check judges the counterpart, not the helper it replaced
            job.mapped.add(t.text());
        }
    }
}
