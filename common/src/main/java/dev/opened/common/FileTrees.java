package dev.opened.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removing a directory tree, the one way every module does it. */
public final class FileTrees {
    private FileTrees() {
    }

    /**
     * Deletes {@code root} and everything under it, deepest first; an absent root is nothing to do.
     * Best effort: what cannot be deleted stays (OPENED only deletes its own scratch and output),
     * and the first error is thrown after the rest was tried.
     */
    public static void delete(Path root) throws IOException {
        deleteUnder(root, true);
    }

    /** As {@link #delete}, keeping {@code root} itself (emptied). */
    public static void empty(Path root) throws IOException {
        deleteUnder(root, false);
    }

    /** As {@link #delete}, for scratch directories whose leftovers are harmless: errors are dropped. */
    public static void deleteQuietly(Path root) {
        try {
            delete(root);
        } catch (IOException e) {
            // scratch only: a leftover is harmless, and the caller has a better error to report
        }
    }

    private static void deleteUnder(Path root, boolean withRoot) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        IOException first = null;
        for (Path p : paths) {
            if (!withRoot && p.equals(root)) {
                continue;
            }
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
