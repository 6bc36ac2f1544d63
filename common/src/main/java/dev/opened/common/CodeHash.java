package dev.opened.common;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A hash of the code a class was loaded with: its jar's contents, or its class directory's files.
 * A snapshot version stays the same while its code changes, so what caches results of code (the
 * crawl's parses, the library's units) keys them by this.
 */
public final class CodeHash {
    private CodeHash() {
    }

    /** Twelve hex digits of the hash of {@code c}'s jar or class directory; null when it cannot be read. */
    public static String of(Class<?> c) {
        try {
            Path where = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(where)) {
                List<Path> files = new ArrayList<>();
                try (Stream<Path> s = Files.walk(where)) {
                    s.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
                for (Path f : files) {
                    md.update(where.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                    md.update(Files.readAllBytes(f));
                }
            } else {
                // a jar's entries carry build times: its contents are what count, told by each
                // entry's CRC-32 and size from the jar's directory (inflating every entry was most
                // of a quick re-crawl's own time); an entry without them is read
                try (JarFile jar = new JarFile(where.toFile(), false)) {
                    List<JarEntry> entries = new ArrayList<>(jar.stream().toList());
                    entries.sort(Comparator.comparing(JarEntry::getName));
                    java.nio.ByteBuffer sums = java.nio.ByteBuffer.allocate(16);
                    for (JarEntry e : entries) {
                        md.update(e.getName().getBytes(StandardCharsets.UTF_8));
                        if (e.getCrc() >= 0 && e.getSize() >= 0) {
                            md.update(sums.clear().putLong(e.getCrc()).putLong(e.getSize()).array());
                        } else {
                            try (InputStream in = jar.getInputStream(e)) {
                                md.update(in.readAllBytes());
                            }
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (Exception e) {
            return null;
        }
    }
}
