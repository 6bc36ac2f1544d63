package dev.opened.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A jar's hash follows its entries' contents, not their times. */
class CodeHashTest {
    @TempDir
    Path tmp;

    @Test
    void sameContentsSameHashOtherContentsOtherHash() throws Exception {
        String one = hashOf(jar("a.jar", "data: one", 1_000_000L));
        assertThat(one).hasSize(12);
        assertThat(hashOf(jar("b.jar", "data: one", 9_000_000_000L))).isEqualTo(one);
        assertThat(hashOf(jar("c.jar", "data: owe", 1_000_000L))).isNotEqualTo(one);
        assertThat(hashOf(jar("d.jar", "data: two!", 1_000_000L))).isNotEqualTo(one);
    }

    private Path jar(String name, String data, long time) throws IOException {
        Path jar = tmp.resolve(name);
        String cls = FileTrees.class.getName().replace('.', '/') + ".class";
        byte[] classBytes;
        try (InputStream in = FileTrees.class.getClassLoader().getResourceAsStream(cls)) {
            classBytes = in.readAllBytes();
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            for (String[] e : new String[][] {{cls, null}, {"data.txt", data}}) {
                JarEntry entry = new JarEntry(e[0]);
                entry.setTime(time);
                j.putNextEntry(entry);
                j.write(e[1] == null ? classBytes : e[1].getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return jar;
    }

    private static String hashOf(Path jar) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> c = loader.loadClass(FileTrees.class.getName());
            assertThat(c.getClassLoader()).isSameAs(loader);
            return CodeHash.of(c);
        }
    }
}
