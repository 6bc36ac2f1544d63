package dev.opened.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import dev.opened.extractor.Manifest;

/**
 * Turns made units into catalog rows, and rows into {@code catalog.json}: which results stand for
 * a function's original, whether a unit's failure is OPENED's defect, and its cause, normalised so
 * that one defect in many functions is one group.
 */
final class Catalog {
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    /** The {@code catalog.json} document: format version, when and with what it was built, the rows. */
    record Document(int catalog, String opened, List<String> kernels, List<String> hooks, List<CatalogEntry> units) {
    }

    private Catalog() {
    }

    /** The row for a made unit, given its original's compile and per-kernel program loads. */
    static CatalogEntry entry(Work w, CatalogEntry.Compile original, Map<String, List<Kernels.Loaded>> originalLoads,
            List<String> kernels, String verifierLog) {
        List<CatalogEntry.KernelResult> results = new ArrayList<>();
        for (String k : kernels) {
            CatalogEntry.Load o = originalLoads == null || !originalLoads.containsKey(k) ? null
                    : load(select(originalLoads.get(k), w.fn.programs()));
            CatalogEntry.Load u = w.loads.containsKey(k) && !LibraryBuilder.nothingToLoad(w.hook, w.programType)
                    ? load(w.loads.get(k)) : null;
            results.add(new CatalogEntry.KernelResult(k, o, u));
        }
        Manifest m = w.manifest;
        var f = w.fn.function();
        String rel = w.id;
        CatalogEntry.UnitFiles files = new CatalogEntry.UnitFiles(rel,
                m == null ? null : rel + "/" + m.unit(), m == null ? null : rel + "/Makefile",
                verifierLog == null ? null : rel + "/" + verifierLog,
                w.wroteDiagnostics ? rel + "/" + UnitMaker.DIAGNOSTICS : null,
                w.fn.tuPath() == null ? null : ".originals/" + Plan.safe(LibraryBuilder.originalKey(w.fn)) + "/clang.log");
        List<CatalogEntry.MapUse> maps = m == null ? List.of()
                : m.maps().stream().map(x -> new CatalogEntry.MapUse(x.name(), x.type())).toList();
        CatalogEntry.License license = m == null || m.license() == null ? null
                : new CatalogEntry.License(m.license().spdx(), m.license().name());
        CatalogEntry draft = new CatalogEntry(w.id, f.repo(), w.fn.repo().commit(), w.fn.repo().source(), f.path(), f.name(),
                f.startLine(), w.hook, w.programType, f.section(), f.programType(), w.status, w.reason, List.of(),
                m == null ? List.of() : m.helpers(), maps, license,
                f.repo() + "@" + w.fn.repo().commit() + ":" + f.path() + ":" + f.startLine() + "-" + f.endLine(),
                files, original, w.compile, results, false, null);
        return judged(draft);
    }

    /** The row with its defect flag and cause set from its results. */
    static CatalogEntry judged(CatalogEntry e) {
        boolean originalCompiles = e.original() != null && e.original().compiles();
        String cause = null;
        boolean defect = false;
        switch (e.status()) {
            case "extract-failed" -> {
                cause = "extract: " + normalise(e.reason());
                defect = originalCompiles;
            }
            case "not-built" -> {
                cause = "clang: " + normalise(e.reason());
                defect = originalCompiles;
            }
            case "built" -> {
                for (CatalogEntry.KernelResult r : e.results()) {
                    if (r.unit() != null && !r.unit().accepted()) {
                        cause = cause != null ? cause : "verifier: " + normalise(r.unit().message());
                        defect |= r.original() != null && r.original().accepted();
                    }
                }
            }
            default -> {
                // refused: the hook does not fit, by design
            }
        }
        return new CatalogEntry(e.id(), e.repo(), e.commit(), e.source(), e.path(), e.function(), e.line(), e.hook(),
                e.programType(), e.originalSection(), e.originalProgramType(), e.status(), e.reason(), e.fittingHooks(),
                e.helpers(), e.maps(), e.license(), e.provenance(), e.files(), e.original(), e.unit(), e.results(), defect,
                cause);
    }

    /** The row with the hooks its function fits. */
    static CatalogEntry withFitting(CatalogEntry e, List<String> fitting) {
        return new CatalogEntry(e.id(), e.repo(), e.commit(), e.source(), e.path(), e.function(), e.line(), e.hook(),
                e.programType(), e.originalSection(), e.originalProgramType(), e.status(), e.reason(), fitting,
                e.helpers(), e.maps(), e.license(), e.provenance(), e.files(), e.original(), e.unit(), e.results(),
                e.defect(), e.cause());
    }

    /** The loads that stand for the function: its programs when named there, else all of the object's. */
    static List<Kernels.Loaded> select(List<Kernels.Loaded> loads, List<String> programs) {
        List<Kernels.Loaded> chosen = loads.stream().filter(l -> programs.contains(l.program())).toList();
        return chosen.isEmpty() ? loads : chosen;
    }

    /** Many programs as one: the worst verdict, the largest instruction count. */
    static CatalogEntry.Load load(List<Kernels.Loaded> loads) {
        if (loads == null || loads.isEmpty()) {
            return new CatalogEntry.Load("no-programs", null, "the object holds no program that was loaded", List.of());
        }
        Kernels.Loaded worst = loads.stream().max(Comparator.comparingInt(l -> rank(l.verdict()))).get();
        Integer insns = loads.stream().map(Kernels.Loaded::insns).filter(i -> i != null).max(Integer::compare).orElse(null);
        return new CatalogEntry.Load(worst.verdict(), insns, worst.message(), loads.stream().map(Kernels.Loaded::program).toList());
    }

    private static int rank(String verdict) {
        return switch (verdict) {
            case "accepted" -> 0;
            case "not-loadable", "untestable" -> 1;
            default -> 2;
        };
    }

    /**
     * A message with what differs between instances of one cause taken out: the
     * {@code file:line:col:} before it, quoted names, numbers and registers.
     */
    static String normalise(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        String m = message.strip().lines().findFirst().orElse("");
        m = m.replaceFirst("^\\S*?:\\d+:(\\d+:)?\\s*", "");
        m = m.replaceFirst("^(fatal )?error:\\s*", "");
        // single quotes hold names (identifiers, types, files); double quotes hold an #error's own words, which are the cause
        m = m.replaceAll("'[^']*'", "'_'");
        m = m.replaceAll("\\b[Rr]\\d+\\b", "R#").replaceAll("-?\\b\\d+\\b", "N").replaceAll("0x[0-9a-fA-F]+", "N");
        return m.length() > 160 ? m.substring(0, 160) : m;
    }

    /** Writes {@code catalog.json} (atomically) and returns the summary. */
    static LibrarySummary write(Path out, List<CatalogEntry> rows, List<String> kernels, List<String> hooks, int rebuilt,
            int boots, Map<String, Long> millis) throws IOException {
        rows = new ArrayList<>(rows);
        rows.sort(Comparator.comparing(CatalogEntry::id));
        Files.createDirectories(out);
        Path file = out.resolve("catalog.json");
        Path tmp = Files.createTempFile(out, ".catalog-", ".tmp");
        Document doc = new Document(1, Plan.version(), kernels, hooks, rows);
        Files.writeString(tmp, GSON.toJson(doc));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        IndexPage.write(out.resolve("index.html"), GSON.toJson(doc));
        Map<String, List<String>> causes = new TreeMap<>();
        int refused = 0;
        int unitsBuilt = 0;
        int unitsVerified = 0;
        int origCompiled = 0;
        int origVerified = 0;
        int defects = 0;
        for (CatalogEntry e : rows) {
            refused += "refused".equals(e.status()) ? 1 : 0;
            unitsBuilt += e.unit() != null && e.unit().compiles() ? 1 : 0;
            origCompiled += e.original() != null && e.original().compiles() ? 1 : 0;
            unitsVerified += !e.results().isEmpty() && e.results().stream().allMatch(r -> r.unit() != null && r.unit().accepted()) ? 1 : 0;
            origVerified += !e.results().isEmpty()
                    && e.results().stream().allMatch(r -> r.original() != null && r.original().accepted()) ? 1 : 0;
            if (e.defect()) {
                defects++;
                causes.computeIfAbsent(e.cause(), c -> new ArrayList<>()).add(e.id());
            }
        }
        Map<String, List<String>> sorted = new LinkedHashMap<>();
        causes.entrySet().stream().sorted((a, b) -> b.getValue().size() - a.getValue().size())
                .forEach(en -> sorted.put(en.getKey(), en.getValue()));
        return new LibrarySummary(rows.size(), rebuilt, rows.size() - rebuilt, refused, unitsBuilt, unitsVerified,
                origCompiled, origVerified, defects, sorted, boots, millis, file.toString());
    }

    /** The hooks among {@code rows} that are not refused ({@code own} is no hook a function fits). */
    static List<String> fitting(List<CatalogEntry> rows) {
        return List.copyOf(new TreeSet<>(rows.stream().filter(r -> !"refused".equals(r.status()))
                .map(CatalogEntry::hook).filter(h -> !h.equals(LibraryBuilder.OWN_HOOK)).toList()));
    }
}
