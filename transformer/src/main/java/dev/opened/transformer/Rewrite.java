package dev.opened.transformer;

import java.util.ArrayList;
import java.util.List;

/**
 * A rule table applied to a unit: the passes in the order their edits are made (the first edit of
 * a span wins), over the entry programs and every function whose parameters take the old context.
 */
final class Rewrite {
    static final List<Pass> PASSES = List.of(
            new SectionPass(),
            FunctionPass.each(new ContextTypePass(), new LexicalPass()),
            new ForwardDeclarationsPass(),
            job -> {
                if (job.boundary) {
                    ActionBoundary.apply(job, job.table, job.programs, job.functions());
                }
            },
            new ContextFieldsPass(),
            new HelperCounterpartsPass(),
            new HeadersPass());

    private Rewrite() {
    }

    /** Applies {@code table} to {@code programs} and to the functions that take the old context. */
    static void run(Job job, RuleTable table, List<Region> programs) {
        job.use(table, programs, contextFunctions(job, table, programs));
        for (Pass p : PASSES) {
            p.apply(job);
        }
    }

    /** The functions that take the old context: the programs, and every function whose parameters name it. */
    static List<Region> contextFunctions(Job job, RuleTable table, List<Region> programs) {
        List<Region> out = new ArrayList<>(programs);
        for (Region r : job.functions()) {
            String header = job.text.substring(r.start(), r.bodyStart());
            boolean takesContext = table.context().keySet().stream().anyMatch(header::contains);
            if (takesContext && out.stream().noneMatch(p -> p.start() == r.start())) {
                out.add(r);
            }
        }
        return out;
    }
}
