package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.opened.verifier.ProgramVerdict;
import dev.opened.verifier.Verdict;
import dev.opened.verifier.VerifyReport;

/** How a run is printed: a column per kernel, details once for what kernels said alike, CSV quoting. */
class VerdictTableTest {
    private static ProgramVerdict row(String target, String program, String kernel, Verdict v, Integer insns, String message) {
        return new ProgramVerdict(target, kernel, "x.bpf.o", program, "xdp", "xdp", v, insns, insns == null ? null : 2,
                insns == null ? null : 1, 0, message, null, List.of(), List.of());
    }

    private static String print(java.util.function.Consumer<PrintStream> printer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            printer.accept(ps);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void severalKernelsGiveOneTableWithAColumnEach() {
        VerifyReport report = new VerifyReport(List.of("debian 6.1.0", "vmlinuz 6.12.0"), List.of(
                row("units/a", "p", "debian 6.1.0", Verdict.ACCEPTED, 10, null),
                row("units/b", "q", "debian 6.1.0", Verdict.REJECTED, 3, "R1 invalid mem access"),
                row("units/a", "p", "vmlinuz 6.12.0", Verdict.ACCEPTED, 12, null),
                row("units/b", "q", "vmlinuz 6.12.0", Verdict.REJECTED, 3, "R1 invalid mem access")));
        List<String> lines = print(ps -> VerdictTable.text(report, ps)).lines().toList();
        assertThat(lines.subList(0, 3)).containsExactly(
                "TARGET   PROGRAM  TYPE  debian 6.1.0                         vmlinuz 6.12.0",
                "units/a  p        xdp   accepted 10 insns, 2 states, 1 peak  accepted 12 insns, 2 states, 1 peak",
                "units/b  q        xdp   rejected 3 insns, 2 states, 1 peak   rejected 3 insns, 2 states, 1 peak");
        assertThat(lines.subList(3, lines.size())).containsExactly("",
                "units/b q (x.bpf.o) on debian 6.1.0, vmlinuz 6.12.0: rejected", "    R1 invalid mem access",
                "2 accepted, 2 not (2 rejected)");
    }

    @Test
    void csvQuotesWhatWouldSplitAField() {
        String csv = print(ps -> VerdictTable.csv(List.of(row("my, unit", "p", "k", Verdict.NOT_BUILT, null,
                "a.c:1:2: error: expected ';'\nnext \"line\"")), ps));
        assertThat(csv).isEqualTo("target,object,program,section,type,kernel,verdict,insns,states,peak_states,errno,message\r\n"
                + "\"my, unit\",x.bpf.o,p,xdp,xdp,k,not-built,,,,0,\"a.c:1:2: error: expected ';'\nnext \"\"line\"\"\"\r\n");
    }
}
