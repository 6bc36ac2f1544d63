package dev.opened.library;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.opened.extractor.Manifest;

/**
 * One unit of a build while it is made: a function for one hook. Mutable, and only ever touched
 * by the thread that makes it, then by the thread that assembles the catalog.
 */
final class Work {
    final Plan.Function fn;
    final String hook;
    final String id;
    final String inputs;
    final Path dir;
    /** The catalog row of an earlier run whose inputs were the same; null when made again. */
    CatalogEntry reused;

    String status;
    String reason;
    CatalogEntry.Compile compile;
    Path object;
    Manifest manifest;
    String programType;
    boolean wroteDiagnostics;
    /** Per kernel, the unit's programs as loaded. */
    final Map<String, List<Kernels.Loaded>> loads = new LinkedHashMap<>();

    Work(Plan.Function fn, String hook, String id, String inputs, Path dir) {
        this.fn = fn;
        this.hook = hook;
        this.id = id;
        this.inputs = inputs;
        this.dir = dir;
    }

    boolean failed() {
        return !"built".equals(status) && !"refused".equals(status);
    }
}
