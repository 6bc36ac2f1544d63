package dev.opened.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.opened.common.ActionMap;

/** Two runs compared through a hook pair's mapping, without a kernel. */
class EquivalenceTest {
    static final ActionMap XDP_TO_TC = new ActionMap(Map.of(2L, 0L, 1L, 2L, 0L, 2L, 4L, 7L),
            Map.of(3L, "XDP_TX has no equivalent in tc"), Map.of(0L, "XDP_ABORTED", 1L, "XDP_DROP", 2L, "XDP_PASS", 3L, "XDP_TX"),
            Map.of(0L, "TC_ACT_OK", 2L, "TC_ACT_SHOT", 7L, "TC_ACT_REDIRECT"));
    static final List<Packet> PACKETS = List.of(new Packet("a", new byte[] {1, 2}), new Packet("b", new byte[] {3, 4}),
            new Packet("c", new byte[14]), new Packet("d", new byte[] {5}));

    static ProgramRun run(PacketResult... results) {
        return new ProgramRun("t", "o", "p", "s", "xdp", Verdict.ACCEPTED, null, List.of(results));
    }

    @Test
    void mappedCodesSameFramesAndMapsAreEquivalent() {
        Equivalence.Report r = Equivalence.compare(
                run(new PacketResult(0, 2, 0, "0102", List.of("m 00 01")), new PacketResult(1, 4, 0, "0304", List.of())),
                run(new PacketResult(0, 0, 0, "0102", List.of("m 00 01")), new PacketResult(1, 7, 0, "0304", List.of())),
                PACKETS, XDP_TO_TC);
        assertThat(r.equivalent()).isTrue();
        assertThat(r.differences()).isEmpty();
        assertThat(r.packets()).isEqualTo(2);
    }

    @Test
    void wrongCodesFramesAndMapsAreDifferencesWithAHexDiff() {
        String a = "00112233445566778899aabbccddeeff0011";
        String b = "00112233445566778899aabbccddeeff0012";
        Equivalence.Report r = Equivalence.compare(
                run(new PacketResult(0, 2, 0, a, List.of("xdp.bss 00 01")), new PacketResult(1, 1, 0, "0304", List.of())),
                run(new PacketResult(0, 2, 0, b, List.of("tc.bss 00 01")), new PacketResult(1, 2, 0, "0304", List.of("m 01 02"))),
                PACKETS, XDP_TO_TC);
        assertThat(r.equivalent()).isFalse();
        assertThat(r.differing()).isEqualTo(2);
        assertThat(r.differences().get(0).what()).containsExactly("returns XDP_PASS (2) vs TC_ACT_SHOT (2) (expected TC_ACT_OK (0))",
                "output frame differs:", "  0010  - 00 11                                          ",
                "  0010  + 00 12                                          ");
        // internal maps are named after their objects; those names are not a difference
        assertThat(r.differences().get(0).what()).noneMatch(w -> w.contains(".bss"));
        assertThat(r.differences().get(1).what()).containsExactly("map entry only in the retarget:  m 01 02");
    }

    @Test
    void codesWithoutCounterpartAndFramesOneHarnessRefusesAreInherent() {
        Equivalence.Report r = Equivalence.compare(
                run(new PacketResult(0, 3, 0, "0102", List.of()), new PacketResult(2, 2, 0, "00", List.of())),
                run(new PacketResult(0, 2, 0, "0102", List.of()), new PacketResult(2, 0, 22, "-", List.of())),
                PACKETS, XDP_TO_TC);
        assertThat(r.equivalent()).isTrue();
        assertThat(r.differences()).hasSize(2).allMatch(Equivalence.Difference::inherent);
        assertThat(r.differences().get(0).what()).containsExactly("returns XDP_TX (3): XDP_TX has no equivalent in tc");
        assertThat(r.differences().get(1).what().get(0)).contains("errno 0 vs 22");
    }
}
