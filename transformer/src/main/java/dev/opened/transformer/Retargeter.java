package dev.opened.transformer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.opened.extractor.Manifest;
import dev.opened.extractor.Unit;

/**
 * Rewrites a unit's entry programs for another hookpoint, in place: section, context type,
 * context fields, return codes, helpers with a counterpart, tracing macros, headers — and the
 * same in the functions that take the context. What cannot be rewritten is a diagnostic at its
 * line. The work is a list of {@link Pass}es over one {@link Job}: a program's unit gets the rule
 * table's passes ({@link Rewrite}) and the context access check; a helper function (no section)
 * gets an entry program from the hook's template ({@link Wrapper}); both end with the kernel's
 * helper allow-list. The unit is parsed in memory; nothing is written.
 */
public final class Retargeter {
    private final HelperTable kernelHelpers;
    private final Templates templates;
    private Path userRules;

    /**
     * {@code kernelHelpers}: the kernel's answer on which helpers each program type allows (null:
     * not checked); asked only when a unit calls a helper, so it may probe a kernel lazily.
     */
    public Retargeter(HelperTable kernelHelpers, Templates templates) {
        this.kernelHelpers = kernelHelpers;
        this.templates = templates;
    }

    /** Reads rule tables from {@code dir} first ({@code FROM-TO.json}), the project's after; returns this. */
    public Retargeter rules(Path dir) {
        this.userRules = dir;
        return this;
    }

    /**
     * What a retarget made: the new unit (when there are no errors, or when forced) and the
     * diagnostics, at lines of the unit's C file (named as its manifest names it).
     *
     * @param unit the rewritten unit
     * @param errors what cannot be rewritten, at its line
     * @param rules the rules applied, at the unit lines they changed
     * @param warnings what the new hook accepts but may not mean what the old one did, at its line
     */
    public record Result(Unit unit, List<Diagnostic> errors, List<Manifest.Rule> rules, List<Diagnostic> warnings) {
        /** Copies the lists. */
        public Result {
            errors = List.copyOf(errors);
            rules = List.copyOf(rules);
            warnings = List.copyOf(warnings);
        }

        /** A result with no warnings. */
        public Result(Unit unit, List<Diagnostic> errors, List<Manifest.Rule> rules) {
            this(unit, errors, rules, List.of());
        }
    }

    /** Retargets {@code unit} to {@code hook}; {@code force} writes errors into the unit as {@code #error} lines. */
    public Result retarget(Unit unit, Hook hook, boolean force) {
        Job job = new Job(unit, hook, userRules);
        for (Pass p : passes(unit.manifest())) {
            p.apply(job);
        }
        Result r = job.finish(force);
        Map<String, String> files = new LinkedHashMap<>(r.unit().files());
        files.put("Makefile", templates.makefile(r.unit().manifest(), hook));
        return new Result(new Unit(r.unit().name(), files, r.unit().manifest()), r.errors(), r.rules(), r.warnings());
    }

    /** The passes a unit gets: by its program's family, or the wrapper for a helper function. */
    List<Pass> passes(Manifest m) {
        String from = Hook.family(m.section(), m.programType());
        Pass last = new HelperAllowListPass(kernelHelpers);
        if (from == null) {
            return List.of(job -> new Wrapper(job, templates).wrap(), last);
        }
        Pass rewrite = job -> {
            RuleTable table = RuleTable.load(from, job.hook.family(), userRules);
            if (table == null) {
                int line = m.entryPrograms().isEmpty() ? 1 : m.entryPrograms().get(0).line();
                job.error(Edits.lineStart(job.text, line), "no rewrite takes a " + from + " program to " + job.hook.family()
                        + " (" + job.hook.programType() + "); retarget its helpers instead, or write the entry program by hand");
                return;
            }
            List<Region> programs = new ArrayList<>();
            for (Manifest.EntryProgram ep : m.entryPrograms()) {
                if (m.programType().equals(ep.programType())) {
                    programs.add(job.region(ep.name(), ep.line()));
                }
            }
            Rewrite.run(job, table, programs);
        };
        // what the new program type's verifier allows of its context, checked on every use
        Pass access = job -> {
            if (job.table != null) {
                ContextAccess.check(job, job.table);
            }
        };
        return List.of(rewrite, access, last);
    }
}
