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

/** Units on disk: read one from its directory. */
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

    /** Removes the directory holding {@code unitFile}, with everything in it. */
    public static void discard(Path unitFile) {
        FileTrees.deleteQuietly(unitFile.getParent());
    }
}
