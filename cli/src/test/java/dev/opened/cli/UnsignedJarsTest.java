package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A signed jar loses its signature files and nothing else; an unsigned one is left as it is. */
class UnsignedJarsTest {
    @TempDir
    Path tmp;

    @Test
    void signatureFilesGoEverythingElseStays() throws Exception {
        Path jar = tmp.resolve("lib.jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().putValue("Manifest-Version", "1.0");
        mf.getMainAttributes().putValue("Bundle-SymbolicName", "org.example");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, mf)) {
            for (String name : List.of("META-INF/ECLIPSE_.SF", "META-INF/ECLIPSE_.RSA", "META-INF/maven/pom.properties",
                    "META-INF/versions/11/x/A.SF", "org/example/A.class", "plugin.properties")) {
                out.putNextEntry(new JarEntry(name));
                out.write(("content of " + name).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        assertThat(UnsignedJars.unsign(jar)).isTrue();
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.stream().map(JarEntry::getName)).containsExactly("META-INF/MANIFEST.MF",
                    "META-INF/maven/pom.properties", "META-INF/versions/11/x/A.SF", "org/example/A.class", "plugin.properties");
            assertThat(new String(j.getInputStream(j.getEntry("org/example/A.class")).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("content of org/example/A.class");
            assertThat(j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName")).isEqualTo("org.example");
        }
        byte[] once = Files.readAllBytes(jar);
        assertThat(UnsignedJars.unsign(jar)).isFalse();
        assertThat(Files.readAllBytes(jar)).isEqualTo(once);
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("lib.jar");
        }
    }
}
