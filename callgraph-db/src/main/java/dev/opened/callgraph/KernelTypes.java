package dev.opened.callgraph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * A {@code vmlinux.h} for CO-RE programs whose repo does not commit one (a git submodule, a
 * build step): generated once from the running kernel's BTF with {@code bpftool btf dump}, kept
 * in OPENED's cache, used by the crawl and copied into units as the repo's own would be.
 */
public final class KernelTypes {
    private KernelTypes() {
    }

    /** The directory holding the generated {@code vmlinux.h}, generating it when absent; null when impossible. */
    public static Path vmlinuxDir() {
        Path btf = Path.of("/sys/kernel/btf/vmlinux");
        if (!Files.isReadable(btf)) {
            return null;
        }
        String release;
        try {
            release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException e) {
            release = "unknown";
        }
        String cache = System.getenv("OPENED_CACHE");
        Path dir = (cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "opened"))
                .resolve("vmlinux").resolve(release);
        Path header = dir.resolve("vmlinux.h");
        if (Files.isRegularFile(header)) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "vmlinux-", ".tmp");
            Process p = new ProcessBuilder("bpftool", "btf", "dump", "file", btf.toString(), "format", "c")
                    .redirectOutput(tmp.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                Files.deleteIfExists(tmp);
                return null;
            }
            Files.move(tmp, header, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return dir;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
