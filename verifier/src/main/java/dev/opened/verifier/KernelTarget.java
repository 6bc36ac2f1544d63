package dev.opened.verifier;

import java.nio.file.Path;

/**
 * A kernel to load programs into: Debian's kernel from the cache booted under QEMU, any bzImage
 * under QEMU, or the running kernel.
 *
 * @param name how it is named in verdicts
 * @param image the bzImage to boot, or null for the running kernel
 */
public record KernelTarget(String name, Path image) {
    /** The running kernel ({@code --kernel host}). */
    public static KernelTarget host() {
        return new KernelTarget("host", null);
    }

    /** True for the running kernel. */
    public boolean isHost() {
        return image == null;
    }
}
