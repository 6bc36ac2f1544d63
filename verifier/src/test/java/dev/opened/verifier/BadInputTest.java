package dev.opened.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.common.CacheRoot;
import dev.opened.common.OpenedException;

/** Bad input is refused before anything boots; the running kernel where the test may load into it. */
@Tag("clang")
class BadInputTest {
    @TempDir
    Path tmp;

    private Verifier verifier(long bootSeconds) {
        return new Verifier(CacheRoot.get(), TestObjects.projectRoot(), bootSeconds, 30);
    }

    @Test
    void notAnElf() throws Exception {
        Path f = tmp.resolve("prog.o");
        Files.writeString(f, "int main() {}\n");
        assertThatThrownBy(() -> Verifier.checkObjects(List.of(f))).isInstanceOf(OpenedException.class)
                .hasMessage(f + ": not an ELF file; build it with 'opened build DIR' or clang -target bpf")
                .matches(e -> ((OpenedException) e).badInput());
    }

    @Test
    void anElfWithNoPrograms() throws Exception {
        Path o = TestObjects.compile("no_programs", tmp);
        assertThatThrownBy(() -> Verifier.checkObjects(List.of(o))).isInstanceOf(OpenedException.class)
                .hasMessageContaining("a BPF object with no programs");
        Path host = Path.of("/bin/true");
        assertThatThrownBy(() -> Verifier.checkObjects(List.of(host))).hasMessageContaining("not built for BPF");
    }

    @Test
    void aMissingKernelImageOrQemu() throws Exception {
        assertThatThrownBy(() -> verifier(30).kernel(tmp.resolve("bzImage").toString()))
                .isInstanceOf(OpenedException.class).hasMessageContaining("no such kernel image")
                .matches(e -> ((OpenedException) e).badInput());
        Verifier noQemu = verifier(30);
        noQemu.tools = tool -> tool.equals("qemu-system-x86_64") ? null : Processes.which(tool);
        Path o = TestObjects.compile("xdp_ok", tmp);
        assertThatThrownBy(() -> noQemu.verify(List.of(o), noQemu.kernel("debian")))
                .hasMessage("qemu-system-x86_64 is missing; apt-get install qemu-system-x86 (or use --kernel host)")
                .matches(e -> ((OpenedException) e).badInput());
        // the guest has no libc: Debian's dynamically linked busybox would die as its /init
        Path dynamic = Path.of("/bin/true");
        assertThat(Elf.isStatic(dynamic)).isFalse();
        assertThat(Elf.isStatic(Processes.which("busybox"))).as("busybox-static is installed").isTrue();
        Verifier dynamicBusybox = verifier(30);
        dynamicBusybox.tools = tool -> tool.equals("busybox") ? dynamic : Processes.which(tool);
        assertThatThrownBy(() -> dynamicBusybox.verify(List.of(o), dynamicBusybox.kernel("debian")))
                .hasMessage(dynamic + ": busybox is dynamically linked and cannot run alone in the guest; apt-get install busybox-static")
                .matches(e -> ((OpenedException) e).badInput());
    }

    @Test
    void theRunningKernelWhenRootLeavesNothingLoaded() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "--kernel host needs root (CAP_BPF) and this test runs as " + System.getProperty("user.name"));
        Path ok = TestObjects.compile("xdp_ok", tmp);
        Path oob = TestObjects.compile("oob_read", tmp);
        List<ProgramVerdict> verdicts = verifier(30).verify(List.of(ok, oob), KernelTarget.host());
        assertThat(verdicts).hasSize(2);
        assertThat(verdicts.get(0)).satisfies(v -> {
            assertThat(v.program()).isEqualTo("xdp_ok");
            assertThat(v.verdict()).isEqualTo(Verdict.ACCEPTED);
            assertThat(v.kernel()).startsWith("host ");
            assertThat(v.insnsProcessed()).isPositive();
        });
        assertThat(verdicts.get(1)).satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(Verdict.REJECTED);
            assertThat(v.message()).startsWith("invalid access to packet");
        });
        // nothing pinned, nothing attached: once the loader is gone, the kernel holds none of them
        Processes.Result progs = Processes.run(null, List.of("bpftool", "prog", "show"), 30);
        assertThat(progs.exit()).as(progs.output()).isZero();
        assertThat(progs.output()).doesNotContain("name xdp_ok ").doesNotContain("name xdp_oob_read");
    }

    @Test
    void theRunningKernelRefusingAnUnprivilegedUserIsOneClearError() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "dropping to an unprivileged user needs root, and this test runs as " + System.getProperty("user.name"));
        List<String> drop = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all");
        // the unprivileged user must be able to run the loader and read the object: both in a
        // world-readable directory, the loader in a cache of its own
        Path shared = Files.createTempDirectory("opened-host-");
        try {
            Path loader = LoaderBuild.ensure(CacheRoot.get());
            Path cache = shared.resolve("cache");
            Files.createDirectories(cache.resolve("bin"));
            Files.copy(loader, cache.resolve("bin").resolve(loader.getFileName()));
            Path o = TestObjects.compile("xdp_ok", shared);
            try (var files = Files.walk(shared)) {
                for (Path p : files.toList()) {
                    Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                            Files.isDirectory(p) || Files.isExecutable(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            Verifier v = new Verifier(cache, TestObjects.projectRoot(), 30, 30);
            v.hostPrefix = drop;
            assertThatThrownBy(() -> v.verify(List.of(o), KernelTarget.host())).isInstanceOf(OpenedException.class)
                    .hasMessageStartingWith("the running kernel let no program load (EPERM): --kernel host needs root")
                    .matches(e -> ((OpenedException) e).badInput());
        } finally {
            try (var files = Files.walk(shared)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
