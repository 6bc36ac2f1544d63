package dev.opened.callgraph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContent;

import dev.opened.common.Toolchain;

/**
 * What the parses of one crawl read from the disk: which paths they may open ({@link PathGate}) and
 * the system headers' texts ({@link SystemHeaders}). Every unit of a crawl includes the same few
 * dozen headers, and each lookup was a stat of every component of a path, several per include:
 * here each path is asked once per crawl. A file changed on the disk while a crawl runs is seen by
 * the next crawl.
 */
final class DiskFiles {
    private final PathGate gate;
    private final Map<String, Optional<SystemHeaders.Text>> texts = new ConcurrentHashMap<>();
    private final Map<String, Optional<String>> kernelTypes = new ConcurrentHashMap<>();

    /** The disk as the parses of units under {@code root} with {@code includeDirs} may read it. */
    DiskFiles(Path root, List<String> includeDirs, Toolchain toolchain) {
        List<String> readable = new ArrayList<>(List.of(root.toString()));
        readable.addAll(includeDirs);
        readable.addAll(toolchain.systemIncludeDirs());
        this.gate = new PathGate(readable);
    }

    /** A gate for one parse: this crawl's verdicts, the parse's own refusals. */
    PathGate gate() {
        return gate.forParse();
    }

    /**
     * The text of the {@code vmlinux.h} at {@code path}, read once per crawl: several megabytes that
     * every unit of a CO-RE repo includes; null when it cannot be read.
     */
    String kernelTypes(String path) {
        return kernelTypes.computeIfAbsent(path, p -> {
            try {
                return Optional.of(Files.readString(Path.of(p)));
            } catch (java.io.IOException | RuntimeException e) {
                return Optional.empty();
            }
        }).orElse(null);
    }

    /** The content of the header at {@code path}, which the gate allowed; null when it cannot be read. */
    InternalFileContent content(String path) {
        Optional<SystemHeaders.Text> t = texts.computeIfAbsent(path, p -> Optional.ofNullable(SystemHeaders.text(p)));
        // one that could not be read is left to CDT, whose content then says why
        return t.isPresent() ? t.get().content() : (InternalFileContent) FileContent.createForExternalFileLocation(path);
    }
}
