package dev.opened.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.opened.common.OpenedException;
import dev.opened.extractor.Unit;
import dev.opened.extractor.UnitWriter;
import dev.opened.transformer.Diagnostic;
import dev.opened.transformer.Hook;
import dev.opened.transformer.Hookpoints;
import dev.opened.transformer.Retargeter;
import dev.opened.transformer.UnitDirs;
import dev.opened.verifier.Batch;
import dev.opened.verifier.KernelTarget;
import dev.opened.verifier.ProgramVerdict;
import dev.opened.verifier.Verdict;
import dev.opened.verifier.Verifier;

/**
 * {@code hookpoints --verify}: every candidate the rewrite says fits is retargeted, built and
 * loaded, all in one boot; a candidate the kernel refuses no longer fits, with the kernel's words.
 * Joins the transformer (the retargets) and the verifier (the loads).
 */
final class HookpointsVerify {
    private HookpointsVerify() {
    }

    /**
     * The fits of each function (by name, with its unit), each "fits" confirmed by a load or turned
     * into "no" with why; {@code file} names a function's source file for the kernel's reasons.
     */
    static Map<String, List<Hookpoints.Fit>> verify(Map<String, List<Hookpoints.Fit>> fits, Map<String, Unit> units,
            Map<String, Diagnostic> at, Retargeter retargeter, Verifier verifier, KernelTarget kernel) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("opened-hookpoints-");
        } catch (IOException e) {
            throw OpenedException.failure("cannot make a temporary directory: " + e.getMessage());
        }
        try {
            List<Batch.Target> targets = new ArrayList<>();
            int n = 0;
            for (Map.Entry<String, List<Hookpoints.Fit>> e : fits.entrySet()) {
                Unit unit = units.get(e.getKey());
                for (Hookpoints.Fit fit : e.getValue()) {
                    if (!fit.fits()) {
                        continue;
                    }
                    Hook hook = hookOf(fit.hook(), unit);
                    Retargeter.Result r = retargeter.retarget(unit, hook, false);
                    Path dir = UnitWriter.write(r.unit().files(), scratch.resolve("u" + n++), false);
                    targets.add(new Batch.Target(e.getKey() + " " + fit.hook(), dir));
                }
            }
            if (targets.isEmpty()) {
                return fits;
            }
            List<ProgramVerdict> rows = new Batch(verifier).run(targets, List.of(kernel), new Batch.Listener() { }).verdicts();
            Map<String, List<Hookpoints.Fit>> out = new LinkedHashMap<>();
            for (Map.Entry<String, List<Hookpoints.Fit>> e : fits.entrySet()) {
                List<Hookpoints.Fit> checked = new ArrayList<>();
                for (Hookpoints.Fit fit : e.getValue()) {
                    String key = e.getKey() + " " + fit.hook();
                    List<ProgramVerdict> mine = rows.stream().filter(v -> v.target().equals(key)).toList();
                    ProgramVerdict bad = mine.stream().filter(v -> v.verdict() != Verdict.ACCEPTED
                            && v.verdict() != Verdict.UNTESTABLE).findFirst().orElse(null);
                    if (!fit.fits() || bad == null) {
                        checked.add(fit);
                        continue;
                    }
                    Diagnostic where = at.get(e.getKey());
                    checked.add(new Hookpoints.Fit(fit.hook(), fit.programType(), false, List.of(new Diagnostic(where.file(),
                            where.line(), where.column(), "the kernel refused the retarget (" + bad.verdict().label() + "): "
                            + (bad.message() == null ? "" : bad.message())
                            + (bad.failingInstruction() == null ? "" : " at " + bad.failingInstruction())))));
                }
                out.put(e.getKey(), checked);
            }
            return out;
        } finally {
            UnitDirs.discard(scratch.resolve("x"));
        }
    }

    private static Hook hookOf(String candidate, Unit unit) {
        try {
            return Hook.parse(candidate, unit.manifest().section());
        } catch (OpenedException e) {
            return Hook.parse(candidate + "/" + dev.opened.callgraph.HookFamily.named(candidate).exampleTarget(), null);
        }
    }
}
