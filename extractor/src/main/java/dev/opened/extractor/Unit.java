package dev.opened.extractor;

import java.util.Map;

/**
 * A standalone unit, in memory: its files by name (the {@code .c}, copied headers, the
 * {@code Makefile}) and its manifest. {@link UnitWriter} puts it on disk.
 *
 * @param name the unit's name (the function's)
 * @param files file name to text, in write order
 * @param manifest what it holds and where it came from
 */
public record Unit(String name, Map<String, String> files, Manifest manifest) {
    /** Copies the map, keeping its order. */
    public Unit {
        files = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
    }

    /** A copy with one more file (or one file replaced), written after the others. */
    public Unit with(String file, String text) {
        java.util.Map<String, String> more = new java.util.LinkedHashMap<>(files);
        more.remove(file);
        more.put(file, text);
        return new Unit(name, more, manifest);
    }

    /** The unit's C text. */
    public String source() {
        return files.get(manifest.unit());
    }
}
