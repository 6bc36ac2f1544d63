package dev.opened.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.opened.common.OpenedException;

/**
 * Tells a kernel image from any other file before a guest is booted with it. Given a text file,
 * QEMU starts, prints nothing on the console and the boot times out: the user would see a failed
 * verification (exit 1) where the input was wrong (exit 2). An x86 bzImage carries the boot
 * protocol's {@code HdrS} signature at offset 0x202.
 */
final class KernelImage {
    private static final int SIGNATURE_AT = 0x202;

    private KernelImage() {
    }

    /** {@code p}, when it is a bzImage; otherwise bad input naming it. */
    static Path check(String spec, Path p) {
        byte[] head;
        try (InputStream in = Files.newInputStream(p)) {
            head = in.readNBytes(SIGNATURE_AT + 4);
        } catch (IOException e) {
            throw OpenedException.badInput(spec + ": cannot read the kernel image: " + e.getMessage());
        }
        if (head.length < SIGNATURE_AT + 4 || head[SIGNATURE_AT] != 'H' || head[SIGNATURE_AT + 1] != 'd'
                || head[SIGNATURE_AT + 2] != 'r' || head[SIGNATURE_AT + 3] != 'S') {
            throw OpenedException.badInput(spec + ": not a kernel image (no bzImage boot header); give --kernel debian, host, "
                    + "or the path of a bzImage such as /boot/vmlinuz-*");
        }
        return p;
    }
}
