package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonParser;

import dev.opened.callgraph.testing.GitFixtures;

/** {@code opened funcs} by what the code uses, across every crawled repo of the corpus. */
class FuncsSearchTest {
    @TempDir
    static Path tmp;
    static Path db;

    @BeforeAll
    static void crawl() {
        db = tmp.resolve("cg.db");
        for (String repo : List.of("lb", "xdp-basics", "tracing")) {
            assertThat(Cli.run(db, "crawl", GitFixtures.corpusRepo(repo, tmp).toString()).exit()).isZero();
        }
    }

    private static List<String> names(String... args) {
        List<String> all = new ArrayList<>(List.of("funcs", "--format", "json"));
        all.addAll(List.of(args));
        Cli.Run r = Cli.run(db, all.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> out = new ArrayList<>();
        JsonParser.parseString(r.out()).getAsJsonArray().forEach(e -> out.add(e.getAsJsonObject().get("name").getAsString()
                + "@" + e.getAsJsonObject().get("repo").getAsString()));
        return out;
    }

    @Test
    void aHelperCalledThroughACalleeCounts() {
        assertThat(names("--helper", "bpf_tail_call")).containsExactly("balancer_ingress@lb");
        assertThat(names("--helper", "bpf_map_lookup_elem")).contains("balancer_ingress@lb", "update_stats@lb")
                .doesNotContain("parse_eth@lb");
    }

    @Test
    void mapTypesCalleesProgramTypesAndContextFields() {
        assertThat(names("--map-type", "hash")).contains("balancer_ingress@lb").doesNotContain("parse_eth@lb");
        assertThat(names("--map-type", "BPF_MAP_TYPE_PROG_ARRAY")).containsExactly("balancer_ingress@lb");
        assertThat(names("--calls", "parse_eth")).contains("balancer_ingress@lb", "healthcheck_encap@lb")
                .doesNotContain("parse_eth@lb");
        assertThat(names("--program-type", "tc")).containsExactlyInAnyOrder("healthcheck_encap@lb", "tc_vlan_tag@lb",
                "tc_count_ipv4@lb");
        assertThat(names("--program-type", "xdp", "--helper", "bpf_tail_call")).containsExactly("balancer_ingress@lb");
        assertThat(names("--ctx-field", "xdp_md.data_meta")).containsExactly("xdp_meta_prog@xdp-basics");
        assertThat(names("--helper", "bpf_no_such_helper")).isEmpty();
    }

    @Test
    void aHookWithNoComputedHookpointsSaysSo() {
        Cli.Run r = Cli.run(db, "funcs", "--hook", "xdp");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("no function is recorded to fit xdp").contains("opened hookpoints");
    }
}
