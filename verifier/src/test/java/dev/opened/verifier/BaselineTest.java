package dev.opened.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.common.OpenedException;

/** Comparing two runs: verdict changes, deltas and thresholds, on rows written here. */
class BaselineTest {
    @TempDir
    Path tmp;

    private static ProgramVerdict row(String target, String program, String kernel, Verdict v, Integer insns, Integer states) {
        return new ProgramVerdict(target, kernel, "x.bpf.o", program, "xdp", "xdp", v, insns, states, states, 0, null, null,
                List.of(), List.of());
    }

    @Test
    void aGrowthPastItsThresholdFailsAndAnUnchangedRunPasses() {
        List<ProgramVerdict> old = List.of(row("a", "p", "debian 6.1", Verdict.ACCEPTED, 100, 10),
                row("a", "q", "debian 6.1", Verdict.ACCEPTED, 50, 5));
        Baseline.Thresholds tenPercent = new Baseline.Thresholds(Baseline.Limit.parse("10%"), Baseline.Limit.parse("3"), null);
        assertThat(Baseline.compare(old, old, tenPercent).passed()).isTrue();
        assertThat(Baseline.compare(old, old, tenPercent).changes()).extracting(Baseline.Change::status).containsOnly("same");

        List<ProgramVerdict> grown = List.of(row("a", "p", "debian 6.1", Verdict.ACCEPTED, 111, 13),
                row("a", "q", "debian 6.1", Verdict.ACCEPTED, 55, 8));
        Baseline.Comparison c = Baseline.compare(old, grown, tenPercent);
        assertThat(c.passed()).isFalse();
        Baseline.Change p = c.changes().get(0);
        assertThat(p.insns()).isEqualTo(new Baseline.Metric(100, 111, 11, 11.0));
        assertThat(p.failures()).containsExactly("instructions processed 100 -> 111 (+11, +11.0%) exceeds the allowed +10%");
        // exactly at the limit passes: +10% of 50 and +3 states
        assertThat(c.changes().get(1).failures()).isEmpty();
        assertThat(Baseline.compare(old, grown, Baseline.Thresholds.NONE).passed()).isTrue();
    }

    @Test
    void verdictChangesNewAndGoneRows() {
        List<ProgramVerdict> old = List.of(row("a", "p", "k", Verdict.ACCEPTED, 10, 1), row("a", "gone", "k", Verdict.ACCEPTED, 1, 1),
                row("b", "r", "k", Verdict.REJECTED, 3, 0));
        List<ProgramVerdict> now = List.of(row("a", "p", "k", Verdict.REJECTED, 4, 0), row("b", "r", "k", Verdict.ACCEPTED, 9, 1),
                row("c", "-", "k", Verdict.NOT_BUILT, null, null));
        Baseline.Comparison c = Baseline.compare(old, now, Baseline.Thresholds.NONE);
        assertThat(c.changes()).extracting(ch -> ch.target() + ":" + ch.program() + ":" + ch.status() + ":" + ch.failures())
                .containsExactly("a:p:changed:[was accepted, now rejected]", "b:r:changed:[]", "c:-:new:[new and not-built]",
                        "a:gone:gone:[]");
    }

    @Test
    void twoKernelsOfAMatrixCompareAndSeveralKernelsMatchByKernel() {
        List<ProgramVerdict> old = List.of(row("a", "p", "debian 6.1", Verdict.ACCEPTED, 100, 10));
        List<ProgramVerdict> other = List.of(row("a", "p", "vmlinuz 6.12", Verdict.ACCEPTED, 90, 9));
        assertThat(Baseline.compare(old, other, Baseline.Thresholds.NONE).changes()).singleElement()
                .satisfies(ch -> assertThat(ch.insns().delta()).isEqualTo(-10));
        List<ProgramVerdict> both = List.of(row("a", "p", "debian 6.1", Verdict.ACCEPTED, 100, 10),
                row("a", "p", "vmlinuz 6.12", Verdict.ACCEPTED, 90, 9));
        assertThat(Baseline.compare(old, both, Baseline.Thresholds.NONE).changes()).extracting(Baseline.Change::status)
                .containsExactly("same", "new");
    }

    @Test
    void limitsAndFilesThatAreNotARunAreBadInput() throws Exception {
        assertThat(Baseline.Limit.parse("500")).isEqualTo(new Baseline.Limit(500, false));
        for (String bad : List.of("-5%", "ten", "10%%", "")) {
            assertThatThrownBy(() -> Baseline.Limit.parse(bad)).isInstanceOf(OpenedException.class)
                    .matches(e -> ((OpenedException) e).badInput());
        }
        Path notJson = Files.writeString(tmp.resolve("old.json"), "{\"verdicts\": 3}");
        assertThatThrownBy(() -> Baseline.read(notJson)).hasMessage(notJson + ": not the JSON of an 'opened verify --format json' run");
        Path garbage = Files.writeString(tmp.resolve("g.json"), "[{");
        assertThatThrownBy(() -> Baseline.read(garbage)).hasMessageStartingWith(garbage + ": not the JSON of an");
        Path rows = Files.writeString(tmp.resolve("rows.json"), "[{\"target\": \"a\", \"program\": \"p\", \"verdict\": \"untestable\"}]");
        assertThat(Baseline.read(rows)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(Verdict.UNTESTABLE);
            assertThat(v.logTail()).isEmpty();
        });
    }
}
