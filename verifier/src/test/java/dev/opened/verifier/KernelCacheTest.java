package dev.opened.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's kernel is fetched on demand into an empty cache (bin/fetch-kernel), then found there. */
@Tag("kernel")
class KernelCacheTest {
    @TempDir
    Path cache;

    @Test
    void anEmptyCacheIsFilledOnceOnDemand() throws Exception {
        Verifier verifier = new Verifier(cache, TestObjects.projectRoot(), 60, 60);
        KernelTarget debian = verifier.kernel("debian");
        assertThat(debian.name()).isEqualTo("debian");
        assertThat(debian.image()).startsWith(cache.resolve("kernels/debian")).isRegularFile();
        assertThat(debian.image().getFileName().toString()).startsWith("vmlinuz-");
        // an x86 bzImage: the boot sector's "HdrS" magic at 0x202
        byte[] head = Files.readAllBytes(debian.image());
        assertThat(new String(head, 0x202, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("HdrS");
        long fetched = Files.getLastModifiedTime(debian.image()).toMillis();
        KernelTarget again = verifier.kernel("debian");
        assertThat(again).isEqualTo(debian);
        assertThat(Files.getLastModifiedTime(again.image()).toMillis()).isEqualTo(fetched);
    }
}
