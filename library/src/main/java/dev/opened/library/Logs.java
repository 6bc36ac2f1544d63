package dev.opened.library;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** A unit's {@code verifier.log}: per kernel and program, the verdict and the verifier's log tail. */
final class Logs {
    static final String FILE = "verifier.log";

    private Logs() {
    }

    /** Writes the log into the unit's directory; returns its file name, or null when nothing was loaded. */
    static String write(Work w, List<String> kernels) throws IOException {
        if (w.loads.isEmpty() || !Files.isDirectory(w.dir)) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (String k : kernels) {
            for (Kernels.Loaded l : w.loads.getOrDefault(k, List.of())) {
                b.append("== ").append(k).append(": ").append(l.program()).append(": ").append(l.verdict());
                if (l.insns() != null) {
                    b.append(", ").append(l.insns()).append(" insns processed");
                }
                b.append('\n');
                if (l.message() != null) {
                    b.append(l.message()).append('\n');
                }
                l.log().forEach(line -> b.append("| ").append(line).append('\n'));
            }
        }
        Files.writeString(w.dir.resolve(FILE), b.toString());
        return FILE;
    }
}
