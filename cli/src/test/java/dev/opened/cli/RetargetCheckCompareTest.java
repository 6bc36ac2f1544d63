package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.opened.transformer.ActionCodes;
import dev.opened.verifier.Packet;
import dev.opened.verifier.PacketResult;
import dev.opened.verifier.Packets;
import dev.opened.verifier.ProgramRun;
import dev.opened.verifier.Verdict;

/** What {@code retarget --check} says when the retarget never got as far as a program. */
class RetargetCheckCompareTest {
    @Test
    void aRetargetThatDidNotBuildIsSaidSoNotAMissingProgram() {
        ProgramRun original = new ProgramRun("original", "xdp_adjust_tail.o", "xdp_adjust_tail", "xdp", "xdp",
                Verdict.ACCEPTED, null, List.of());
        ProgramRun broken = new ProgramRun("retargeted", "xdp_adjust_tail.o", "-", null, null, Verdict.NOT_BUILT,
                "xdp_adjust_tail.c:43:36: error: incomplete definition of type 'struct __sk_buff'", List.of());
        List<RetargetCheck.Outcome> outcomes = RetargetCheck.compare(List.of(original), List.of(broken),
                ActionCodes.between("xdp", "tc", null), Packets.builtin(1));
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.equivalent()).isFalse();
            assertThat(o.problem()).isEqualTo("the retarget did not run: not-built: "
                    + "xdp_adjust_tail.c:43:36: error: incomplete definition of type 'struct __sk_buff'");
        });
    }

    @Test
    void anOriginalTheTestRunRefusesEntirelyIsNotCalledEquivalent() {
        List<Packet> packets = Packets.builtin(1);
        List<PacketResult> refused = new ArrayList<>();
        List<PacketResult> ran = new ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            refused.add(new PacketResult(i, 0, 22, "-", List.of()));
            ran.add(new PacketResult(i, 2, 0, "00", List.of()));
        }
        ProgramRun original = new ProgramRun("original", "cpumap_pass.o", "cpumap_pass", "xdp/cpumap", "xdp",
                Verdict.ACCEPTED, null, refused);
        ProgramRun retarget = new ProgramRun("retargeted", "cpumap_pass.o", "cpumap_pass", "tc", "sched_cls",
                Verdict.ACCEPTED, null, ran);
        List<RetargetCheck.Outcome> outcomes = RetargetCheck.compare(List.of(original), List.of(retarget),
                ActionCodes.between("xdp", "tc", null), packets);
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.equivalent()).isFalse();
            assertThat(o.problem()).isEqualTo("nothing compared: the kernel's test run refused every packet for the original "
                    + "(xdp/cpumap, errno 22)");
        });
    }
}
