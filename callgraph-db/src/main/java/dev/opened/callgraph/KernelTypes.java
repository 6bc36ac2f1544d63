package dev.opened.callgraph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import dev.opened.common.CacheRoot;

/**
 * A {@code vmlinux.h} for CO-RE programs whose repo does not commit one (a git submodule, a
 * build step), used by the crawl and copied into units as the repo's own would be. It comes from
 * a pinned source so that the same inputs give the same units on any machine: the BTF of the test
 * kernel OPENED verifies with (Debian's, in the cache's {@code kernels/debian}), dumped with
 * {@code bpftool btf dump}. Only where that kernel is not fetched does the running kernel's BTF
 * stand in, and the directory's name says so.
 */
public final class KernelTypes {
    private static final byte[][] MAGICS = {
        {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, {0x1f, (byte) 0x8b, 0x08}};
    private static final String[][] DECOMPRESS = {{"xz", "-dcq"}, {"zstd", "-dcq"}, {"gzip", "-dcq"}};

    private KernelTypes() {
    }

    /**
     * Whether a repo of these files (path to text) needs the generated kernel types: it includes a
     * {@code vmlinux.h} and commits none, or it includes one by a name a build generates into an
     * include tree ({@code bpf/vmlinux.h}, katran's {@code bpf/vmlinux/vmlinux.h}) that none of its
     * files has.
     */
    static boolean needed(java.util.Map<String, String> files) {
        if (files.values().stream().noneMatch(t -> t != null && t.contains("vmlinux.h"))) {
            return false;
        }
        if (files.keySet().stream().noneMatch(p -> p.endsWith("vmlinux.h"))) {
            return true;
        }
        for (String name : java.util.List.of("bpf/vmlinux/vmlinux.h", "bpf/vmlinux.h")) {
            boolean asked = files.values().stream().anyMatch(t -> t != null && (t.contains("<" + name + ">")
                    || t.contains("\"" + name + "\"")));
            if (asked && files.keySet().stream().noneMatch(p -> p.equals(name) || p.endsWith("/" + name))) {
                return true;
            }
        }
        return false;
    }

    /** The directory holding the generated {@code vmlinux.h}, generating it when absent; null when impossible. */
    public static Path vmlinuxDir() {
        return vmlinuxDir(CacheRoot.get());
    }

    /** As {@link #vmlinuxDir()}, with OPENED's cache at {@code cache}. */
    static Path vmlinuxDir(Path cache) {
        Path pinned = testKernelImage(cache);
        if (pinned != null) {
            String name = pinned.getFileName().toString().replaceFirst("^vmlinuz-", "");
            Path dir = cache.resolve("vmlinux").resolve("debian-" + name);
            if (Files.isRegularFile(dir.resolve("vmlinux.h")) || generate(dir, () -> kernelElf(pinned))) {
                return withBpfName(dir);
            }
        }
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
        Path dir = cache.resolve("vmlinux").resolve("running-" + release);
        return Files.isRegularFile(dir.resolve("vmlinux.h")) || generate(dir, () -> btf) ? withBpfName(dir) : null;
    }

    /**
     * {@code dir}, where {@code <bpf/vmlinux.h>} and {@code <bpf/vmlinux/vmlinux.h>} find the same
     * file as {@code <vmlinux.h>}: builds that generate the kernel's types into libbpf's include tree
     * (xdp-tools' configure) or into a directory of their own (katran's tpr) include it by those
     * names, and an original compiled with {@code -idirafter dir} must find it as theirs does.
     */
    private static Path withBpfName(Path dir) {
        link(dir, dir.resolve("bpf").resolve("vmlinux.h"), Path.of("..", "vmlinux.h"));
        link(dir, dir.resolve("bpf").resolve("vmlinux").resolve("vmlinux.h"), Path.of("..", "..", "vmlinux.h"));
        return dir;
    }

    private static void link(Path dir, Path link, Path target) {
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(link.getParent());
                Path tmp = link.resolveSibling(".vmlinux.h." + ProcessHandle.current().pid());
                Files.deleteIfExists(tmp);
                Files.createSymbolicLink(tmp, target);
                // a parallel crawl may have made it meanwhile: the rename replaces it with the same link
                Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                // only this name stays unresolved; <vmlinux.h> works as before
            }
        }
    }

    /** The test kernel's bzImage when {@code bin/fetch-kernel} has fetched it, else null. */
    static Path testKernelImage(Path cache) {
        try {
            Path current = cache.resolve("kernels/debian/current");
            if (!Files.isRegularFile(current)) {
                return null;
            }
            Path image = Path.of(Files.readString(current).trim());
            return Files.isRegularFile(image) ? image : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The ELF inside a bzImage, decompressed into a temporary file (deleted on exit), or null. */
    private static Path kernelElf(Path bzImage) {
        try {
            byte[] image = Files.readAllBytes(bzImage);
            for (int m = 0; m < MAGICS.length; m++) {
                for (int at = indexOf(image, MAGICS[m], 0); at >= 0; at = indexOf(image, MAGICS[m], at + 1)) {
                    Path packed = Files.createTempFile("opened-kernel-", ".packed");
                    Path elf = Files.createTempFile("opened-kernel-", ".elf");
                    try {
                        Files.write(packed, java.util.Arrays.copyOfRange(image, at, image.length));
                        // the payload is followed by the rest of the image: a decompressor's complaint
                        // about trailing bytes is expected, the output is what counts
                        Process p = new ProcessBuilder(DECOMPRESS[m][0], DECOMPRESS[m][1], packed.toString())
                                .redirectOutput(elf.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                        if (p.waitFor(120, TimeUnit.SECONDS) && isElf(elf)) {
                            elf.toFile().deleteOnExit();
                            return elf;
                        }
                        p.destroyForcibly();
                    } finally {
                        Files.deleteIfExists(packed);
                    }
                    Files.deleteIfExists(elf);
                }
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private static boolean isElf(Path p) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(p)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean generate(Path dir, java.util.function.Supplier<Path> btfSource) {
        Path source = btfSource.get();
        if (source == null) {
            return false;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "vmlinux-", ".tmp");
            Process p = new ProcessBuilder("bpftool", "btf", "dump", "file", source.toString(), "format", "c")
                    .redirectOutput(tmp.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                Files.deleteIfExists(tmp);
                return false;
            }
            Files.move(tmp, dir.resolve("vmlinux.h"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (!source.startsWith("/sys")) {
                try {
                    Files.deleteIfExists(source);
                } catch (IOException e) {
                    // a temporary file; deleted on exit too
                }
            }
        }
    }
}
