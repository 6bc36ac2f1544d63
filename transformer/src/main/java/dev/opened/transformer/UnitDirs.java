package dev.opened.transformer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.opened.common.FileTrees;
import dev.opened.common.OpenedException;
import dev.opened.extractor.Manifest;
import dev.opened.extractor.Unit;
import dev.opened.extractor.UnitWriter;

/** Units on disk: read one from its directory, or put an in-memory one in a scratch directory to parse it. */
public final class UnitDirs {
    private UnitDirs() {
    }

    /** The unit in {@code dir}: its manifest and its text files (built objects left out). */
    public static Unit read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw OpenedException.badInput(dir + ": not a unit directory; give one that 'opened extract' wrote, or FUNC@REPO");
        }
        Manifest m;
        try {
            m = Manifest.read(dir);
        } catch (OpenedException e) {
            throw OpenedException.badInput(e.getMessage());
        }
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : (Iterable<Path>) s.sorted()::iterator) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && (name.endsWith(".c") || name.endsWith(".h") || name.equals("Makefile")
                        || name.equals("opened.json"))) {
                    files.put(name, dev.opened.callgraph.SourceText.decode(Files.readAllBytes(f)));
                }
            }
        } catch (IOException e) {
            throw OpenedException.badInput(dir + ": " + e.getMessage());
        }
        if (!files.containsKey(m.unit())) {
            throw OpenedException.badInput(dir + ": the manifest names " + m.unit() + ", which is not there");
        }
        return new Unit(m.function(), files, m);
    }

    /** Writes {@code unit} into a new scratch directory (for the parser to find its headers); returns its C file. */
    public static Path scratch(Unit unit) {
        try {
            Path dir = Files.createTempDirectory("opened-unit-");
            UnitWriter.write(unit.files(), dir, true);
            return dir.resolve(unit.manifest().unit());
        } catch (IOException e) {
            throw OpenedException.failure("cannot make a scratch directory: " + e.getMessage());
        }
    }

    /** Removes a scratch directory made by {@link #scratch}. */
    public static void discard(Path unitFile) {
        FileTrees.deleteQuietly(unitFile.getParent());
    }
}
