package dev.opened.callgraph;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Which crawler's code made a graph: a hash of this module's classes. A snapshot version stays the
 * same while its code changes, and a parse cached by an older crawler holds that crawler's
 * mistakes (tetragon's doubled guards), so cached parses and the quick "up to date" check are keyed
 * by it. {@code -Dopened.crawler.version} stands in for it (tests of an upgrade).
 */
final class CrawlerVersion {
    private static volatile String version;

    private CrawlerVersion() {
    }

    /** The version of the code running now; computed once per process. */
    static String get() {
        String override = System.getProperty("opened.crawler.version");
        if (override != null) {
            return override;
        }
        String v = version;
        if (v == null) {
            v = hashOfCode();
            version = v;
        }
        return v;
    }

    /** The {@code tu_cache} key of the row that names the crawler of repo {@code repoId}'s graph. */
    static String markerKey(long repoId) {
        return "crawler-version:" + repoId;
    }

    private static String hashOfCode() {
        try {
            Path where = Path.of(CrawlerVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(where)) {
                List<Path> files = new ArrayList<>();
                try (Stream<Path> s = Files.walk(where)) {
                    s.filter(p -> p.toString().endsWith(".class") || p.toString().endsWith(".json")).sorted().forEach(files::add);
                }
                for (Path f : files) {
                    md.update(where.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                    md.update(Files.readAllBytes(f));
                }
            } else {
                // a jar's entries carry build times: its contents are what count
                try (JarFile jar = new JarFile(where.toFile())) {
                    List<JarEntry> entries = new ArrayList<>(jar.stream().filter(e -> !e.isDirectory()).toList());
                    entries.sort(Comparator.comparing(JarEntry::getName));
                    for (JarEntry e : entries) {
                        md.update(e.getName().getBytes(StandardCharsets.UTF_8));
                        try (InputStream in = jar.getInputStream(e)) {
                            md.update(in.readAllBytes());
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (IOException | URISyntaxException | NoSuchAlgorithmException | RuntimeException e) {
            // no way to tell: every crawl parses again rather than trust another code's results
            return "unknown-" + System.nanoTime();
        }
    }
}
