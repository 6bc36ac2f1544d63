package dev.opened.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** How rows are judged: which failures are OPENED's, and how causes group. */
class CatalogTest {
    private static CatalogEntry row(String status, String reason, boolean originalCompiles, String originalVerdict,
            String unitVerdict, String unitMessage) {
        CatalogEntry.Load o = originalVerdict == null ? null : new CatalogEntry.Load(originalVerdict, 10, null, List.of("p"));
        CatalogEntry.Load u = unitVerdict == null ? null : new CatalogEntry.Load(unitVerdict, 10, unitMessage, List.of("p"));
        return Catalog.judged(new CatalogEntry("r/f.c-f/xdp", "r", "c", "s", "f.c", "f", 1, "xdp", "xdp", null, null, status,
                reason, List.of(), List.of(), List.of(), null, "r@c:f.c:1-2", null,
                new CatalogEntry.Compile(originalCompiles, null, "f.c"), null,
                List.of(new CatalogEntry.KernelResult("debian", o, u)), false, null));
    }

    @Test
    void aUnitFailingWhereItsOriginalPassesIsADefect() {
        assertThat(row("built", null, true, "accepted", "rejected", "R2 invalid mem access 'scalar'").defect()).isTrue();
        assertThat(row("built", null, true, "rejected", "rejected", "R2 invalid mem access 'scalar'").defect()).isFalse();
        assertThat(row("built", null, true, "accepted", "accepted", null).defect()).isFalse();
        assertThat(row("not-built", "u.c:3:4: error: use of undeclared identifier 'x'", true, null, null, null).defect()).isTrue();
        assertThat(row("not-built", "u.c:3:4: error: use of undeclared identifier 'x'", false, null, null, null).defect()).isFalse();
        assertThat(row("extract-failed", "two definitions of 'x'", true, null, null, null).defect()).isTrue();
        assertThat(row("refused", "f.c:53:9: error: XDP_TX has no equivalent in tc", true, "accepted", null, null).defect()).isFalse();
    }

    @Test
    void causesLoseTheirPlacesNamesAndNumbers() {
        assertThat(row("not-built", "/tmp/x/u.c:3:4: error: use of undeclared identifier 'ETH_P_IP'", true, null, null, null).cause())
                .isEqualTo("clang: use of undeclared identifier '_'");
        assertThat(Catalog.normalise("R2 invalid mem access 'scalar'")).isEqualTo(Catalog.normalise("R7 invalid mem access 'map_value'"));
        assertThat(Catalog.normalise("invalid access to packet, off=14 size=20, R3(id=0,off=14,r=14)"))
                .isEqualTo(Catalog.normalise("invalid access to packet, off=34 size=2, R1(id=0,off=34,r=0)"));
        assertThat(Catalog.normalise(null)).isEqualTo("(no message)");
    }

    @Test
    void manyProgramsAreJudgedByTheWorst() {
        CatalogEntry.Load l = Catalog.load(List.of(new Kernels.Loaded("o", "a", "accepted", 5, null, List.of()),
                new Kernels.Loaded("o", "b", "rejected", 9, "bad", List.of())));
        assertThat(l.verdict()).isEqualTo("rejected");
        assertThat(l.insnsProcessed()).isEqualTo(9);
        assertThat(l.message()).isEqualTo("bad");
        assertThat(Catalog.load(List.of()).verdict()).isEqualTo("no-programs");
        assertThat(Catalog.select(List.of(new Kernels.Loaded("o", "a", "accepted", 5, null, List.of()),
                new Kernels.Loaded("o", "b", "rejected", 9, "bad", List.of())), List.of("a"))).hasSize(1);
    }
}
