package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.common.CacheRoot;

/**
 * A repo without a vmlinux.h gets one from a pinned source, the test kernel's BTF, so that two
 * machines (here: two caches) make the same file whatever kernel they run.
 */
class KernelTypesTest {
    @TempDir
    Path tmp;

    @Test
    void theTestKernelsTypesAreTheSameInAnyCache() throws Exception {
        Path image = KernelTypes.testKernelImage(CacheRoot.get());
        assertThat(image).as("the test kernel (bin/fetch-kernel, which bin/test runs)").isNotNull();
        byte[] first = null;
        for (String machine : new String[] {"one", "two"}) {
            Path cache = tmp.resolve(machine);
            Files.createDirectories(cache.resolve("kernels/debian"));
            Files.writeString(cache.resolve("kernels/debian/current"), image + "\n");
            Path dir = KernelTypes.vmlinuxDir(cache);
            assertThat(dir).isNotNull();
            assertThat(dir.getFileName().toString()).isEqualTo("debian-" + image.getFileName().toString().replace("vmlinuz-", ""));
            byte[] header = Files.readAllBytes(dir.resolve("vmlinux.h"));
            assertThat(new String(header, 0, Math.min(header.length, 200_000))).contains("#ifndef __VMLINUX_H__");
            assertThat(Files.readString(dir.resolve("vmlinux.h"))).contains("struct task_struct {");
            // a build that generates the types into libbpf's tree includes them as <bpf/vmlinux.h>
            assertThat(dir.resolve("bpf/vmlinux.h").toRealPath()).isEqualTo(dir.resolve("vmlinux.h").toRealPath());
            // and katran's tpr, built without its CMake switch, as <bpf/vmlinux/vmlinux.h>
            assertThat(dir.resolve("bpf/vmlinux/vmlinux.h").toRealPath()).isEqualTo(dir.resolve("vmlinux.h").toRealPath());
            if (first != null) {
                assertThat(header).isEqualTo(first);
            }
            first = header;
        }
    }
}
