package dev.opened.library;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.opened.callgraph.CallGraph;
import dev.opened.common.OpenedException;
import dev.opened.extractor.ExtractRequest;
import dev.opened.extractor.Extractor;
import dev.opened.extractor.Unit;
import dev.opened.extractor.UnitWriter;
import dev.opened.transformer.Diagnostic;
import dev.opened.transformer.Hook;
import dev.opened.transformer.Hookpoints;
import dev.opened.transformer.Retargeter;
import dev.opened.transformer.Templates;

/**
 * Makes the units of one function: extracts it once, then for each hook takes the unit as it is
 * (the hook is its own) or retargets it, writes the unit directory and builds it with clang. A
 * failure is a status of that unit, never an exception.
 */
final class UnitMaker {
    static final String DIAGNOSTICS = "diagnostics.txt";

    private final CallGraph graph;
    private final Retargeter retargeter;
    private final Templates templates;
    private final Map<String, LongAdder> millis;

    UnitMaker(CallGraph graph, Retargeter retargeter, Templates templates, Map<String, LongAdder> millis) {
        this.graph = graph;
        this.retargeter = retargeter;
        this.templates = templates;
        this.millis = millis;
    }

    static Map<String, LongAdder> stages() {
        Map<String, LongAdder> m = new ConcurrentHashMap<>();
        for (String s : List.of("extract", "retarget", "build", "original", "verify")) {
            m.put(s, new LongAdder());
        }
        return m;
    }

    void make(List<Work> works) {
        long t0 = System.nanoTime();
        Unit extracted;
        try {
            extracted = new Extractor(graph).extract(new ExtractRequest(works.get(0).fn.function(), List.of()));
        } catch (RuntimeException e) {
            for (Work w : works) {
                w.status = "extract-failed";
                w.reason = e.getMessage() == null ? e.toString() : e.getMessage();
                writeDiagnostics(w, w.reason + "\n");
            }
            return;
        } finally {
            lap("extract", t0);
        }
        for (Work w : works) {
            try {
                one(extracted, w);
            } catch (RuntimeException e) {
                w.status = "extract-failed";
                w.reason = "internal error: " + e;
                writeDiagnostics(w, w.reason + "\n");
            }
        }
    }

    private void one(Unit extracted, Work w) {
        long t0 = System.nanoTime();
        if (w.hook.equals(LibraryBuilder.OWN_HOOK)) {
            // a function that is no program is still a unit: it is compiled, and has nothing to load
            w.programType = extracted.manifest().programType();
            finish(w, asExtracted(extracted));
            return;
        }
        Hook hook;
        try {
            hook = Hook.parse(w.hook, extracted.manifest().section());
        } catch (OpenedException e) {
            refuse(w, e.getMessage());
            return;
        }
        w.programType = hook.programType();
        Unit unit;
        if (ownHook(extracted, hook)) {
            unit = asExtracted(extracted);
        } else {
            Retargeter.Result r;
            try {
                r = retargeter.retarget(extracted, hook, false);
            } catch (OpenedException e) {
                refuse(w, e.getMessage());
                return;
            } finally {
                lap("retarget", t0);
            }
            if (!r.errors().isEmpty()) {
                StringBuilder all = new StringBuilder();
                for (Diagnostic d : r.errors()) {
                    all.append(Hookpoints.toSource(extracted.manifest(), d)).append('\n');
                }
                refuse(w, Hookpoints.toSource(extracted.manifest(), r.errors().get(0)).toString());
                writeDiagnostics(w, all.toString());
                return;
            }
            unit = r.unit();
        }
        finish(w, unit);
    }

    /** Writes the unit's directory and builds it. */
    private void finish(Work w, Unit unit) {
        w.manifest = unit.manifest();
        long t1 = System.nanoTime();
        UnitWriter.write(unit.files(), w.dir, true);
        Kernels.Built b = Kernels.build(w.dir);
        lap("build", t1);
        if (!b.diagnostics().isBlank()) {
            writeDiagnostics(w, b.diagnostics().replace(w.dir.toAbsolutePath().normalize() + "/", ""));
        }
        String first = b.ok() ? null : Originals.firstError(b.diagnostics(), w.dir.toAbsolutePath().normalize());
        w.compile = new CatalogEntry.Compile(b.ok(), first, unit.manifest().unit());
        if (b.ok() && !b.objects().isEmpty()) {
            w.status = "built";
            w.object = b.objects().get(0);
        } else {
            w.status = "not-built";
            w.reason = first;
        }
    }

    /** The unit as extract writes it: its own section, the extract Makefile. */
    private Unit asExtracted(Unit extracted) {
        return extracted.with("Makefile", templates.extractedMakefile(extracted.manifest()));
    }

    /** True when the unit's own section is already of {@code hook}'s family: nothing to rewrite. */
    private static boolean ownHook(Unit u, Hook hook) {
        String section = u.manifest().section();
        if (section == null || u.manifest().programType() == null) {
            return false;
        }
        if (!u.manifest().programType().equals(hook.programType())) {
            return false;
        }
        try {
            return Hook.parse(section, null).family().equals(hook.family());
        } catch (OpenedException e) {
            // a legacy section of the same program type (classifier/..., xdp_prog): the same family
            return !hook.programType().equals("kprobe") && !hook.programType().equals("tracing");
        }
    }

    private void refuse(Work w, String why) {
        w.status = "refused";
        w.reason = why;
        writeDiagnostics(w, why + "\n");
    }

    private void writeDiagnostics(Work w, String text) {
        try {
            Files.createDirectories(w.dir);
            Files.writeString(w.dir.resolve(DIAGNOSTICS), text);
            w.wroteDiagnostics = true;
        } catch (IOException e) {
            // the reason is in the catalog too
        }
    }

    private void lap(String stage, long t0) {
        millis.get(stage).add((System.nanoTime() - t0) / 1_000_000);
    }
}
