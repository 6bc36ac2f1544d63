package dev.opened.extractor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.gson.GsonBuilder;

/** {@code opened.json} as written field by field is what Gson's reflective writer gives, byte for byte. */
class ManifestJsonTest {
    private static String gson(Manifest m) {
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(m) + "\n";
    }

    @Test
    void everyFieldFilled() {
        Manifest m = new Manifest(1, "parse_udp", "parse_udp.c", "parse_udp.bpf.o", "katran+v6", "v6", "0123abcd",
                new Manifest.Location("lib/parse <&> \"quoted\".h", 10, 42), "xdp/\u00e9t\u00e9", "xdp", "tc/ingress",
                List.of(new Manifest.EntryProgram("prog", "tc", "sched_cls", 99), new Manifest.EntryProgram("p2", null, null, 1)),
                List.of(new Manifest.Taken("MACRO", "MAX", "a.h", 1, 2, 3, 4, List.of(List.of("#ifdef A", "#else"), List.of()))),
                new Manifest.Closure(List.of("function:f@a.c:1", "map:m@a.c:3"),
                        List.of(new Manifest.Edge("function:f@a.c:1", "map:m@a.c:3", "USES_MAP"))),
                List.of(new Manifest.MapInfo("m", "BPF_MAP_TYPE_HASH", "__u32", "struct v", 1024L, "btf"),
                        new Manifest.MapInfo("n", null, null, null, null, "legacy")),
                List.of("bpf_map_lookup_elem"), List.of("DEBUG"), List.of("X=1", "Y=\"a b\""), List.of("-I.", "-O2"),
                new Manifest.License(List.of("GPL-2.0 OR BSD-2-Clause"), "Dual BSD/GPL"),
                new Manifest.Retarget("xdp", "sched_cls", "tc/ingress",
                        List.of(new Manifest.Rule("XDP_PASS -> TC_ACT_OK", 12)), List.of(12, 13)),
                List.of("a note with \\ backslash, tab\t and \u2028 line separator"));
        assertThat(m.toJson()).isEqualTo(gson(m));
        assertThat(m.toJson()).contains("\"maxEntries\": 1024").contains("\"changedLines\": [\n");
    }

    @Test
    void nullsAndEmptyLists() {
        Manifest m = new Manifest(1, "f", "f.c", "f.bpf.o", "r", null, null, null, null, null, null, List.of(), List.of(),
                new Manifest.Closure(List.of(), null), null, List.of(), null, List.of(), List.of(), null, null, List.of());
        assertThat(m.toJson()).isEqualTo(gson(m));
        assertThat(m.toJson()).contains("\"retarget\": null").contains("\"entryPrograms\": []");
    }
}
