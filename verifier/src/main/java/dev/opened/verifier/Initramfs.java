package dev.opened.verifier;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * A gzipped newc cpio archive written directly, so that the guest's {@code /dev/console} can be a
 * device node without root and without the cpio tool.
 */
final class Initramfs {
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private int ino = 1;

    Initramfs dir(String path) throws IOException {
        entry(path, 0040755, new byte[0], 0, 0);
        return this;
    }

    Initramfs file(String path, byte[] data, boolean executable) throws IOException {
        entry(path, executable ? 0100755 : 0100644, data, 0, 0);
        return this;
    }

    Initramfs file(String path, Path from, boolean executable) throws IOException {
        return file(path, Files.readAllBytes(from), executable);
    }

    Initramfs symlink(String path, String target) throws IOException {
        entry(path, 0120777, target.getBytes(StandardCharsets.UTF_8), 0, 0);
        return this;
    }

    Initramfs charDevice(String path, int major, int minor) throws IOException {
        entry(path, 0020600, new byte[0], major, minor);
        return this;
    }

    void write(Path to) throws IOException {
        entry("TRAILER!!!", 0, new byte[0], 0, 0);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            raw.writeTo(out);
        }
    }

    private void entry(String name, int mode, byte[] data, int rdevMajor, int rdevMinor) throws IOException {
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        String header = String.format("070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
                name.equals("TRAILER!!!") ? 0 : ino++, mode, 0, 0, 1, 0, data.length, 0, 0, rdevMajor, rdevMinor, n.length, 0);
        raw.write(header.getBytes(StandardCharsets.US_ASCII));
        raw.write(n);
        pad();
        raw.write(data);
        pad();
    }

    private void pad() {
        while (raw.size() % 4 != 0) {
            raw.write(0);
        }
    }
}
