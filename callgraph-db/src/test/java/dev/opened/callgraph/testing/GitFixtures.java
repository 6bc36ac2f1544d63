package dev.opened.callgraph.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Test fixtures: real git repositories made with JGit from the test corpus or from files a test
 * writes, so that every crawl in a test reads real blobs at real commits.
 */
public final class GitFixtures {
    private static final PersonIdent AUTHOR = new PersonIdent("OPENED tests", "tests@opened.invalid");

    private GitFixtures() {
    }

    /** The project root: {@code -Dopened.root}, else the nearest parent holding {@code test-corpus/}. */
    public static Path projectRoot() {
        String prop = System.getProperty("opened.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "test-corpus"))) {
            return Path.of(prop);
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("test-corpus"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("test-corpus/ not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** {@code test-corpus/NAME}. */
    public static Path corpus(String name) {
        return projectRoot().resolve("test-corpus").resolve(name);
    }

    /** Copies {@code test-corpus/NAME} into {@code parent/NAME}, makes it a git repo and commits it. */
    public static Path corpusRepo(String name, Path parent) {
        Path dir = parent.resolve(name);
        copyTree(corpus(name), dir);
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            commitAll(git, "import " + name + " from the OPENED test corpus");
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
        return dir;
    }

    /** A new git repo at {@code dir} holding {@code files} (path to text), committed. */
    public static Path repo(Path dir, Map<String, String> files) {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            write(dir, files);
            commitAll(git, "initial");
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
        return dir;
    }

    /** Writes {@code files} into the repo at {@code dir} and commits them; returns the commit id. */
    public static String commit(Path dir, Map<String, String> files, String message) {
        try (Git git = Git.open(dir.toFile())) {
            write(dir, files);
            return commitAll(git, message).name();
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RevCommit commitAll(Git git, String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        return git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call();
    }

    private static void write(Path dir, Map<String, String> files) {
        files.forEach((path, text) -> {
            try {
                Path p = dir.resolve(path);
                Files.createDirectories(p.getParent());
                if (text == null) {
                    Files.deleteIfExists(p);
                } else {
                    Files.writeString(p, text);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Copies a directory tree. */
    public static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.naturalOrder())::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
