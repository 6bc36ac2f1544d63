package dev.opened.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.common.CacheRoot;

/**
 * A batch on the running kernel (no boot): two units that both build {@code prog.bpf.o} keep their
 * own verdicts, and a file that is not an object is a row of its own.
 */
@Tag("clang")
class BatchOnHostTest {
    @TempDir
    Path tmp;

    @Test
    void sameNamedObjectsOfTwoUnitsStayApart() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "--kernel host needs root (CAP_BPF); this test runs as " + System.getProperty("user.name"));
        Path a = unit("a", "xdp_ok");
        Path b = unit("b", "oob_read");
        Path text = Files.writeString(tmp.resolve("text.o"), "text\n");
        Verifier verifier = new Verifier(CacheRoot.get(), TestObjects.projectRoot(), 30, 30);
        VerifyReport report = new Batch(verifier).run(List.of(new Batch.Target("units/a", a), new Batch.Target("units/b", b),
                new Batch.Target("text.o", text)), List.of(KernelTarget.host()), new Batch.Listener() { });
        assertThat(report.kernels()).singleElement().asString().startsWith("host ");
        assertThat(report.verdicts()).extracting(v -> v.target() + " " + v.object() + " " + v.verdict().label())
                .containsExactly("units/a prog.bpf.o accepted", "units/b prog.bpf.o rejected", "text.o text.o not-loadable");
        assertThat(report.verdicts()).extracting(ProgramVerdict::kernel).containsOnly(report.kernels().get(0));
        assertThat(report.allAccepted()).isFalse();
    }

    /** A unit directory whose one source, {@code prog.c}, is the test program {@code name}. */
    private Path unit(String dir, String name) throws Exception {
        Path d = Files.createDirectories(tmp.resolve(dir));
        try (InputStream in = getClass().getResourceAsStream("/bpf/" + name + ".c")) {
            Files.write(d.resolve("prog.c"), in.readAllBytes());
        }
        return d;
    }
}
