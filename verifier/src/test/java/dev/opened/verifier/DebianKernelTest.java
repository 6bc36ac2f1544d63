package dev.opened.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.common.CacheRoot;

/** Real loads in Debian's kernel under QEMU: every test program of this class in one boot. */
@Tag("kernel")
class DebianKernelTest {
    @TempDir
    static Path tmp;
    static Verifier verifier;
    static KernelTarget debian;
    static Map<String, ProgramVerdict> verdicts;

    @BeforeAll
    static void bootOnce() throws Exception {
        verifier = new Verifier(CacheRoot.get(), TestObjects.projectRoot(), 180, 120);
        debian = verifier.kernel("debian");
        List<Path> objects = List.of(TestObjects.compile("xdp_ok", tmp), TestObjects.compile("tc_ok", tmp),
                TestObjects.compile("kprobe_ok", tmp), TestObjects.compile("oob_read", tmp),
                TestObjects.compile("endless_loop", tmp), TestObjects.compile("too_large", tmp),
                TestObjects.compile("newer_map", tmp));
        verdicts = verifier.verify(objects, debian).stream()
                .collect(Collectors.toMap(ProgramVerdict::program, Function.identity()));
    }

    @Test
    void goodXdpTcAndKprobeProgramsAreAccepted() {
        assertThat(verdicts).containsOnlyKeys("xdp_ok", "tc_ok", "kprobe_ok", "xdp_oob_read", "xdp_endless_loop", "xdp_too_large",
                "xdp_counts_only", "xdp_uses_newer");
        for (String p : List.of("xdp_ok", "tc_ok", "kprobe_ok")) {
            ProgramVerdict v = verdicts.get(p);
            assertThat(v.verdict()).as(p + ": " + v.message() + " " + v.logTail()).isEqualTo(Verdict.ACCEPTED);
            assertThat(v.insnsProcessed()).as(p).isPositive();
            assertThat(v.totalStates()).as(p).isNotNull();
            assertThat(v.kernel()).startsWith("debian 6.");
            assertThat(v.message()).isNull();
        }
        assertThat(verdicts.get("xdp_ok").programType()).isEqualTo("xdp");
        assertThat(verdicts.get("tc_ok").programType()).isEqualTo("sched_cls");
        assertThat(verdicts.get("kprobe_ok").programType()).isEqualTo("kprobe");
        assertThat(verdicts.get("tc_ok").object()).isEqualTo("tc_ok.o");
    }

    @Test
    void anOutOfBoundsPacketReadIsRejectedWithTheVerifiersOwnMessage() {
        ProgramVerdict v = verdicts.get("xdp_oob_read");
        assertThat(v.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(v.errno()).isEqualTo(13);
        assertThat(v.message()).startsWith("invalid access to packet");
        assertThat(v.failingInstruction()).matches("\\d+: \\(71\\) r\\d = \\*\\(u8 \\*\\)\\(r\\d \\+12\\).*");
        assertThat(v.insnsProcessed()).isPositive();
    }

    @Test
    void anUnboundedLoopIsRejected() {
        ProgramVerdict v = verdicts.get("xdp_endless_loop");
        assertThat(v.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(v.message()).startsWith("infinite loop detected at insn");
        assertThat(v.logTail()).anyMatch(l -> l.startsWith("processed "));
    }

    @Test
    void theVerifiersFiguresAreParsedEvenWhenItsFullLogWouldOverflow() {
        ProgramVerdict v = verdicts.get("xdp_too_large");
        assertThat(v.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(v.errno()).isEqualTo(7); // E2BIG
        assertThat(v.message()).isEqualTo("BPF program is too large. Processed 1000001 insn");
        assertThat(v.insnsProcessed()).isEqualTo(1000001);
        assertThat(v.totalStates()).isPositive();
        assertThat(v.peakStates()).isPositive();
    }

    @Test
    void aMapTypeTheKernelLacksFailsOnlyTheProgramThatUsesIt() {
        // before, the whole object was not loadable: "map 'probe_newer': failed to create"
        ProgramVerdict counts = verdicts.get("xdp_counts_only");
        assertThat(counts.verdict()).as(counts.message() + " " + counts.logTail()).isEqualTo(Verdict.ACCEPTED);
        ProgramVerdict newer = verdicts.get("xdp_uses_newer");
        assertThat(newer.verdict()).isNotEqualTo(Verdict.ACCEPTED);
    }
}
