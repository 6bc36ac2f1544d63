package dev.opened.callgraph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The commit a local repository's {@code HEAD} names, read from the files git keeps it in
 * ({@code HEAD}, a loose ref, {@code packed-refs}) without JGit: opening a repository with JGit
 * (its signed jar checked, its config and pack indexes read) is most of a re-crawl that finds
 * nothing to do. Only the plain layouts are read; anything else (a {@code .git} file of a
 * worktree or submodule, reftable, a ref that is not there) answers null and the caller asks
 * JGit. A wrong answer cannot pass for a right one: the id read is only ever compared with the
 * commit a crawl stored, and a ref's value that equals that commit is that commit.
 */
final class GitHead {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{40}");
    private static final int MAX_LINKS = 5;

    private GitHead() {
    }

    /** The commit id {@code HEAD} of the repository at {@code source} (working tree or bare) names, or null. */
    static String commit(Path source) {
        Path gitDir = Files.isDirectory(source.resolve(".git")) ? source.resolve(".git")
                : Files.isRegularFile(source.resolve("HEAD")) && Files.isDirectory(source.resolve("objects")) ? source : null;
        if (gitDir == null || Files.exists(gitDir.resolve("reftable")) || Files.exists(gitDir.resolve("commondir"))) {
            return null;
        }
        try {
            String value = read(gitDir.resolve("HEAD"));
            for (int i = 0; i < MAX_LINKS && value != null; i++) {
                if (ID.matcher(value).matches()) {
                    return value;
                }
                if (!value.startsWith("ref: ")) {
                    return null;
                }
                value = ref(gitDir, value.substring(5).trim());
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A ref's value: its loose file, which overrides packed-refs as in git, else its line there. */
    private static String ref(Path gitDir, String name) throws IOException {
        if (!name.startsWith("refs/") || name.contains("..") || name.contains("\\")) {
            return null;
        }
        Path loose = gitDir.resolve(name);
        if (Files.isRegularFile(loose)) {
            return read(loose);
        }
        Path packed = gitDir.resolve("packed-refs");
        if (!Files.isRegularFile(packed)) {
            return null;
        }
        for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
            int space = line.indexOf(' ');
            if (!line.startsWith("#") && !line.startsWith("^") && space == 40 && line.substring(space + 1).equals(name)) {
                return line.substring(0, space);
            }
        }
        return null;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }
}
