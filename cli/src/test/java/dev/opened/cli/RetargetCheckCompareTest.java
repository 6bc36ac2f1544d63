package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.opened.transformer.ActionCodes;
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
}
