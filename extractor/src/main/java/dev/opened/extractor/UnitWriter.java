package dev.opened.extractor;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import dev.opened.common.FileTrees;
import dev.opened.common.OpenedException;

/**
 * Writes a unit without ever leaving a user's directory half-written: everything goes to a
 * temporary directory beside the target first, then moves into place. A non-empty target is
 * refused unless forced.
 */
public final class UnitWriter {
    private UnitWriter() {
    }

    /** Writes {@code files} into {@code dir}; returns {@code dir}. */
    public static Path write(Map<String, String> files, Path dir, boolean force) {
        Path target = dir.toAbsolutePath().normalize();
        if (target.getParent() == null) {
            // the unit is written beside its target and moved in: the root has no beside
            throw OpenedException.badInput(dir + " is the file system's root; give -o a directory for the unit, such as ./unit");
        }
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw OpenedException.badInput(dir + " exists and is not a directory; give another -o");
        }
        if (Files.isDirectory(target) && !isEmpty(target) && !force) {
            throw OpenedException.badInput(dir + " exists and is not empty; give another -o, or --force to write over it");
        }
        Path parent = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            tmp = besideTarget(parent, target.getFileName().toString());
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path file = tmp.resolve(f.getKey()).normalize();
                if (!file.startsWith(tmp)) {
                    throw OpenedException.failure(f.getKey() + ": a unit file outside the unit directory");
                }
                // a header a copied header includes by a relative path ("vmlinux/vmlinux_types.h") sits in a subdirectory
                Files.createDirectories(file.getParent());
                // raw-byte characters go back to the bytes the repository had
                Files.write(file, dev.opened.callgraph.SourceText.encode(f.getValue()));
            }
            if (!Files.exists(target)) {
                move(tmp, target);
                tmp = null;
            } else {
                if (isEmpty(target)) {
                    Files.delete(target);
                    move(tmp, target);
                    tmp = null;
                } else {
                    for (String name : files.keySet()) {
                        Files.createDirectories(target.resolve(name).getParent());
                        move(tmp.resolve(name), target.resolve(name));
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw OpenedException.failure("cannot write " + dir + ": " + e.getMessage());
        } finally {
            if (tmp != null) {
                // a leftover temporary file beside the target is harmless
                FileTrees.deleteQuietly(tmp);
            }
        }
    }

    /**
     * A new directory beside the target. Not {@code Files.createTempDirectory}: its random names
     * start a {@code SecureRandom} (milliseconds of every extract's start), and its owner-only
     * permissions would stay on the unit directory it becomes; this one gets the user's umask. Two
     * writers never share one: creating a directory that exists fails, and the next name is tried.
     */
    private static Path besideTarget(Path parent, String name) throws IOException {
        String base = "." + name + ".opened-";
        for (long n = System.nanoTime(); ; n++) {
            try {
                return Files.createDirectory(parent.resolve(base + Long.toString(n & 0xffffffffL, 36)));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another writer's name: the next one
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }
}
