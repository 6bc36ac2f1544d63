package dev.opened.transformer;

import java.util.ArrayList;
import java.util.List;

import dev.opened.common.OpenedException;
import dev.opened.callgraph.HookFamily;
import dev.opened.extractor.Manifest;
import dev.opened.extractor.Unit;

/**
 * Which program types a function's whole closure fits, and if not, why, at the line: a helper
 * the program type does not allow (the kernel's answer), a context type or field it does not
 * have, a return code it does not know. It tries the retarget to each candidate hook and reads
 * what could not be rewritten.
 */
public final class Hookpoints {
    /**
     * One program type's answer.
     *
     * @param hook the hook tried
     * @param programType its program type
     * @param fits true when every rewrite is possible and every helper is allowed
     * @param reasons why not, each at a line of the source repo (or of the unit)
     */
    public record Fit(String hook, String programType, boolean fits, List<Diagnostic> reasons) {
        /** Copies the list. */
        public Fit {
            reasons = List.copyOf(reasons);
        }
    }

    private final Retargeter retargeter;

    /** Checks with {@code retargeter}'s rules and kernel helper table. */
    public Hookpoints(Retargeter retargeter) {
        this.retargeter = retargeter;
    }

    /** The answer for each candidate hook, for an extracted unit of the function. */
    public List<Fit> check(Unit unit) {
        List<Fit> fits = new ArrayList<>();
        for (String candidate : Hook.CANDIDATES) {
            Hook hook;
            try {
                hook = Hook.parse(candidate, unit.manifest().section());
            } catch (OpenedException e) {
                // a hook that needs a target the function's own section does not give: any stands in
                hook = Hook.parse(candidate + "/" + HookFamily.named(candidate).exampleTarget(), null);
            }
            Retargeter.Result r = retargeter.retarget(unit, hook, false);
            List<Diagnostic> reasons = new ArrayList<>();
            for (Diagnostic d : r.errors()) {
                reasons.add(toSource(unit.manifest(), d));
            }
            fits.add(new Fit(candidate, hook.programType(), reasons.isEmpty(), reasons));
        }
        return fits;
    }

    /** A unit line as the line of the repo file it was extracted from. */
    public static Diagnostic toSource(Manifest m, Diagnostic d) {
        for (Manifest.Taken t : m.definitions()) {
            if (t.unitStartLine() <= d.line() && d.line() <= t.unitEndLine()) {
                return new Diagnostic(t.path(), t.startLine() + d.line() - t.unitStartLine(), d.column(), d.message());
            }
        }
        return d;
    }
}
