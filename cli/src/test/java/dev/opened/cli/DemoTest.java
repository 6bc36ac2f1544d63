package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code opened demo}: every step runs and says ok, the units are made and both load in one boot. */
@Tag("kernel")
class DemoTest {
    @TempDir
    Path tmp;

    @Test
    void theWholePathRunsOnTheBundledCorpus() {
        Path dir = tmp.resolve("demo");
        Cli.Run r = Cli.run(null, "demo", "-o", dir.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("== 1. index the corpus's lb repo", "== 6. load both into Debian's kernel, one boot");
        assertThat(r.out().split("-> ok", -1)).hasSize(7);
        assertThat(r.out()).containsPattern("balancer_ingress +balancer_ingress +xdp +accepted ")
                .containsPattern("balancer_ingress-tc +balancer_ingress +sched_cls +accepted ");
        assertThat(dir.resolve("balancer_ingress/balancer_ingress.bpf.o")).isRegularFile();
        assertThat(dir.resolve("balancer_ingress-tc/balancer_ingress.bpf.o")).isRegularFile();
    }
}
