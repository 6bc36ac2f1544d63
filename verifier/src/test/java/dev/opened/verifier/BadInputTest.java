package dev.opened.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is refused before anything boots; the running kernel where the test may load into it. */
class BadInputTest {
    @TempDir
    Path tmp;

    private Verifier verifier(long bootSeconds) {
        return new Verifier(Verifier.defaultCache(), TestObjects.projectRoot(), bootSeconds, 30);
    }

    @Test
    void notAnElf() throws Exception {
        Path f = tmp.resolve("prog.o");
        Files.writeString(f, "int main() {}\n");
        assertThatThrownBy(() -> Verifier.checkObjects(List.of(f))).isInstanceOf(VerifierException.class)
                .hasMessage(f + ": not an ELF file; build it with 'opened build DIR' or clang -target bpf")
                .matches(e -> ((VerifierException) e).badInput());
    }

    @Test
    void anElfWithNoPrograms() throws Exception {
        Path o = TestObjects.compile("no_programs", tmp);
        assertThatThrownBy(() -> Verifier.checkObjects(List.of(o))).isInstanceOf(VerifierException.class)
                .hasMessageContaining("a BPF object with no programs");
        Path host = Path.of("/bin/true");
        assertThatThrownBy(() -> Verifier.checkObjects(List.of(host))).hasMessageContaining("not built for BPF");
    }

    @Test
    void aMissingKernelImageOrQemu() throws Exception {
        assertThatThrownBy(() -> verifier(30).kernel(tmp.resolve("bzImage").toString()))
                .isInstanceOf(VerifierException.class).hasMessageContaining("no such kernel image")
                .matches(e -> ((VerifierException) e).badInput());
        Verifier noQemu = verifier(30);
        noQemu.tools = tool -> tool.equals("qemu-system-x86_64") ? null : Processes.which(tool);
        Path o = TestObjects.compile("xdp_ok", tmp);
        assertThatThrownBy(() -> noQemu.verify(List.of(o), noQemu.kernel("debian")))
                .hasMessage("qemu-system-x86_64 is missing; apt-get install qemu-system-x86 (or use --kernel host)")
                .matches(e -> ((VerifierException) e).badInput());
        // the guest has no libc: Debian's dynamically linked busybox would die as its /init
        Path dynamic = Path.of("/bin/true");
        assertThat(Elf.isStatic(dynamic)).isFalse();
        assertThat(Elf.isStatic(Processes.which("busybox"))).as("busybox-static is installed").isTrue();
        Verifier dynamicBusybox = verifier(30);
        dynamicBusybox.tools = tool -> tool.equals("busybox") ? dynamic : Processes.which(tool);
        assertThatThrownBy(() -> dynamicBusybox.verify(List.of(o), dynamicBusybox.kernel("debian")))
                .hasMessage(dynamic + ": busybox is dynamically linked and cannot run alone in the guest; apt-get install busybox-static")
                .matches(e -> ((VerifierException) e).badInput());
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
}
