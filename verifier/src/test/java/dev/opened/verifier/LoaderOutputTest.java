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

    @Test
    void namesEachRowByItsTargetAndTellsUntestableFromNotLoadable() {
        // two units that both build x.bpf.o stay apart: the guest numbers the objects
        LoaderOutput out = new LoaderOutput("debian", List.of("x.bpf.o", "x.bpf.o", "legacy.o"), List.of("units/a", "units/b", "legacy.o"));
        for (String l : List.of("@@OPENED-READY 6.1.0-56-amd64",
                "@@OPENED-PROG obj=1-x.bpf.o prog=trace_it sec=fentry/no_such_fn type=tracing",
                "@@OPENED-VERDICT not-loaded errno=3", "@@OPENED-LOG",
                "| libbpf: prog 'trace_it': failed to find kernel BTF type ID of 'no_such_fn': -3",
                "| libbpf: prog 'trace_it': failed to load: -3", "@@OPENED-END",
                "@@OPENED-PROG obj=1-x.bpf.o prog=swap sec=freplace/f type=ext",
                "@@OPENED-VERDICT not-loaded errno=22", "@@OPENED-LOG",
                "| libbpf: prog 'swap': attach program FD is not set", "@@OPENED-END",
                "@@OPENED-PROG obj=2-legacy.o prog=- sec=- type=-", "@@OPENED-VERDICT not-loaded errno=22", "@@OPENED-LOG",
                "| libbpf: elf: legacy map definitions in 'maps' section are not supported by libbpf v1.0+", "@@OPENED-END",
                "@@OPENED-PROG obj=0-x.bpf.o prog=- sec=- type=-", "@@OPENED-VERDICT no-programs errno=0", "@@OPENED-END")) {
            out.line(l);
        }
        assertThat(out.verdicts).extracting(ProgramVerdict::target).containsExactly("units/b", "units/b", "legacy.o", "units/a");
        assertThat(out.objectIndexes).containsExactly(1, 1, 2, 0);
        assertThat(out.verdicts).extracting(ProgramVerdict::verdict).containsExactly(Verdict.UNTESTABLE, Verdict.UNTESTABLE,
                Verdict.NOT_LOADABLE, Verdict.NO_PROGRAMS);
        assertThat(out.verdicts.get(0).message()).startsWith("fentry/no_such_fn: this kernel has no BTF function 'no_such_fn'");
        assertThat(out.verdicts.get(1).message()).startsWith("freplace/f: an ext (freplace) program loads only against a target");
        assertThat(out.verdicts.get(2).message()).contains("legacy map definitions");
    }

    @Test
    void aTracingProgramThatFailsForAnotherReasonIsNotUntestable() {
        LoaderOutput out = new LoaderOutput("debian", List.of("t.o"));
        for (String l : List.of("@@OPENED-PROG obj=0-t.o prog=p sec=fentry/tcp_connect type=tracing",
                "@@OPENED-VERDICT not-loaded errno=7", "@@OPENED-LOG", "| libbpf: map 'big': failed to create: -7", "@@OPENED-END")) {
            out.line(l);
        }
        assertThat(out.verdicts).singleElement().extracting(ProgramVerdict::verdict).isEqualTo(Verdict.NOT_LOADABLE);
    }

    @Test
    void readsPacketResultsAndMapsPerProgram() {
        LoaderOutput out = new LoaderOutput("debian", List.of("r.o", "k.o"));
        for (String l : List.of("@@OPENED-READY 6.1.0-56-amd64", "@@OPENED-PROG obj=0-r.o prog=router sec=xdp type=xdp",
                "@@OPENED-VERDICT accepted errno=0", "@@OPENED-PKT 0 ret=4 errno=0 out=0a0b",
                "@@OPENED-MAP 0 counts 04000000 0100000000000000", "[    3.0] a kernel line",
                "@@OPENED-MAP 0 r.bss 00000000 07000000", "@@OPENED-PKT 1 ret=0 errno=22 out=-", "@@OPENED-END",
                "@@OPENED-PROG obj=1-k.o prog=probe sec=kprobe/x type=kprobe", "@@OPENED-VERDICT untested errno=0",
                "@@OPENED-UNTESTABLE a tracing program runs on kernel events, not on packets", "@@OPENED-END",
                "@@OPENED-DONE")) {
            out.line(l);
        }
        assertThat(out.verdicts).hasSize(2);
        assertThat(out.runs.get(0)).containsExactly(
                new PacketResult(0, 4, 0, "0a0b", List.of("counts 04000000 0100000000000000", "r.bss 00000000 07000000")),
                new PacketResult(1, 0, 22, "-", List.of()));
        assertThat(out.verdicts.get(1).verdict()).isEqualTo(Verdict.UNTESTABLE);
        assertThat(out.verdicts.get(1).message()).startsWith("a tracing program runs on kernel events");
        assertThat(out.runs.get(1)).isEmpty();
    }
}
