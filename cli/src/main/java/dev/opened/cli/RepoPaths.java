package dev.opened.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.opened.callgraph.Repo;

/**
 * Where the user has a crawled repo's files, for diagnostics that name them. Apart from
 * {@link AtLine} because every extract and retarget asks it, and {@code AtLine} links JGit, whose
 * signed jar costs a signature check at its first class: only {@code --at} should pay that.
 */
final class RepoPaths {
    private RepoPaths() {
    }

    /** A crawled repo's source when it is a directory with its files in it (not a URL, not a bare repository). */
    static Path localDirectory(Repo r) {
        if (r.source().contains("://")) {
            return null;
        }
        try {
            Path dir = Path.of(r.source()).toAbsolutePath().normalize();
            boolean bare = Files.isRegularFile(dir.resolve("HEAD")) && Files.isDirectory(dir.resolve("objects"));
            return Files.isDirectory(dir) && !bare ? dir : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * A repo-relative path as a file on the user's disk: under {@code root} (a checkout or a crawled
     * directory) when it is there, else {@code fallback}; never a path into a bare repository or a cache.
     */
    static String onDisk(Path root, String repoPath, String fallback) {
        if (root == null) {
            return fallback;
        }
        Path p = root.resolve(repoPath).normalize();
        return p.startsWith(root) && Files.isRegularFile(p) ? p.toString() : fallback;
    }
}
