package dev.opened.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is refused before anything boots; a kernel that does not come up ends cleanly. */
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
    }

    @Test
    void aKernelThatDoesNotComeUpEndsWithAnErrorAndNoQemuLeft() throws Exception {
        Path o = TestObjects.compile("xdp_ok", tmp);
        Verifier v = verifier(2);
        long before = qemus();
        assertThatThrownBy(() -> v.verify(List.of(o), v.kernel("debian"))).isInstanceOf(VerifierException.class)
                .hasMessageContaining("the kernel did not come up in 2 s")
                .matches(e -> !((VerifierException) e).badInput());
        assertThat(qemus()).isEqualTo(before);

        Path junk = tmp.resolve("bzImage");
        Files.write(junk, new byte[4096]);
        assertThatThrownBy(() -> verifier(20).verify(List.of(o), verifier(20).kernel(junk.toString())))
                .isInstanceOf(VerifierException.class).hasMessageContaining(junk.toString());
        assertThat(qemus()).isEqualTo(before);
    }

    @Test
    void aGuestThatStopsAnsweringEndsWithAnErrorAndNoQemuLeft() throws Exception {
        // a loader that says nothing and never returns: the guest is up, and wedged
        Path src = tmp.resolve("wedged.c");
        Files.writeString(src, "#include <unistd.h>\nint main(void) { for (;;) pause(); }\n");
        Path wedged = tmp.resolve("wedged");
        assertThat(Processes.run(tmp, List.of("gcc", "-static", "-O2", "-o", wedged.toString(), src.toString()), 120).exit())
                .isZero();
        Path o = TestObjects.compile("xdp_ok", tmp);
        Verifier v = new Verifier(Verifier.defaultCache(), TestObjects.projectRoot(), 180, 5);
        v.loader = () -> wedged;
        long before = qemus();
        assertThatThrownBy(() -> v.verify(List.of(o), v.kernel("debian"))).isInstanceOf(VerifierException.class)
                .hasMessageStartingWith("the guest stopped answering for 5 s")
                .matches(e -> !((VerifierException) e).badInput());
        assertThat(qemus()).isEqualTo(before);
    }

    @Test
    void theRunningKernelWhenRoot() throws Exception {
        assumeThat(System.getProperty("user.name")).as("--kernel host needs root (CAP_BPF); this test runs as "
                + System.getProperty("user.name")).isEqualTo("root");
        Path o = TestObjects.compile("xdp_ok", tmp);
        List<ProgramVerdict> verdicts = verifier(30).verify(List.of(o), KernelTarget.host());
        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(Verdict.ACCEPTED);
            assertThat(v.kernel()).startsWith("host ");
            assertThat(v.insnsProcessed()).isPositive();
        });
    }

    private static long qemus() {
        return ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").contains("qemu-system")).count();
    }
}
