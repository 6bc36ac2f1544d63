package dev.opened.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.common.CacheRoot;

/** The helper probe, run for real in Debian's kernel (an empty probe cache: one boot). */
@Tag("kernel")
class HelperProbeTest {
    @TempDir
    static Path probes;
    static Verifier verifier;
    static KernelTarget debian;
    static HelperSupport support;

    @BeforeAll
    static void probeOnce() {
        verifier = new Verifier(CacheRoot.get(), TestObjects.projectRoot(), 180, 120);
        verifier.probes = probes;
        debian = verifier.kernel("debian");
        support = verifier.helperSupport(debian);
    }

    @Test
    void theKernelSaysWhichHelpersEachProgramTypeAllows() {
        assertThat(support.kernel()).startsWith("debian 6.");
        assertThat(support.allows("sched_cls", "bpf_skb_change_tail")).isTrue();
        assertThat(support.allows("xdp", "bpf_skb_change_tail")).isFalse();
        assertThat(support.allows("xdp", "bpf_xdp_adjust_tail")).isTrue();
        assertThat(support.allows("sched_cls", "bpf_xdp_adjust_tail")).isFalse();
        assertThat(support.allows("kprobe", "bpf_get_current_pid_tgid")).isTrue();
        assertThat(support.allows("socket_filter", "bpf_redirect")).isFalse();
        assertThat(support.knows("tracing")).isTrue();
        assertThat(support.knows("no_such_type")).isFalse();
        // tracing programs load only with an attach target: their helpers cannot be probed, and are not denied
        assertThat(support.unprobeable()).contains("tracing");
        assertThat(support.allows("tracing", "bpf_get_current_pid_tgid")).isTrue();
    }

    @Test
    void theAnswerIsCachedPerKernelAndReadBack() throws Exception {
        try (var files = Files.list(probes)) {
            assertThat(files.map(p -> p.getFileName().toString())).singleElement().satisfies(n -> assertThat(n).startsWith("debian-"));
        }
        assertThat(verifier.helperSupport(debian)).isEqualTo(support);
    }
}
