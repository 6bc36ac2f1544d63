package dev.opened.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The console protocol, read back even when kernel messages run into it. */
class LoaderOutputTest {
    @Test
    void readsVerdictsStatsAndTheFailingInstruction() {
        LoaderOutput out = new LoaderOutput("debian", List.of("a.o"));
        List<ProgramVerdict> told = new java.util.ArrayList<>();
        out.listener = told::add;
        for (String l : List.of("[    1.0] random: crng init done", "@@OPENED-READY 6.1.0-56-amd64",
                "@@OPENED-PROG obj=0-a.o prog=p sec=xdp type=xdp", "@@OPENED-VERDICT rejected errno=13", "@@OPENED-LOG",
                "| 0: (61) r1 = *(u32 *)(r1 +0)", "| 1: (71) r2 = *(u8 *)(r1 +12)",
                "| invalid access to packet, off=12 size=1, R1(id=0,off=12,r=0)", "| verification time 5 usec",
                "| processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 3 peak_states 4 mark_read 0",
                "[    2.0] some kernel line @@OPENED-END", "@@OPENED-DONE")) {
            out.line(l);
        }
        assertThat(out.done).isTrue();
        assertThat(told).isEqualTo(out.verdicts);
        assertThat(out.verdicts).singleElement().satisfies(v -> {
            assertThat(v.kernel()).isEqualTo("debian 6.1.0-56-amd64");
            assertThat(v.object()).isEqualTo("a.o");
            assertThat(v.verdict()).isEqualTo(Verdict.REJECTED);
            assertThat(v.insnsProcessed()).isEqualTo(2);
            assertThat(v.totalStates()).isEqualTo(3);
            assertThat(v.peakStates()).isEqualTo(4);
            assertThat(v.message()).isEqualTo("invalid access to packet, off=12 size=1, R1(id=0,off=12,r=0)");
            assertThat(v.failingInstruction()).isEqualTo("1: (71) r2 = *(u8 *)(r1 +12)");
        });
    }
}
