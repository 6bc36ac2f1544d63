package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;
import dev.opened.callgraph.testing.GitFixtures;
import dev.opened.common.CacheRoot;
import dev.opened.verifier.HelperSupport;
import dev.opened.verifier.ProgramVerdict;
import dev.opened.verifier.UnitBuilder;
import dev.opened.verifier.Verdict;
import dev.opened.verifier.Verifier;

/**
 * End to end: crawl → retarget (every XDP program to tc, every TC program to xdp, the kprobes to
 * fentry, helpers wrapped for xdp and tc) → build with clang → load in Debian's kernel, one boot.
 * The helper table is the test kernel's own probe.
 */
@Tag("kernel")
class RetargetThenVerifyTest {
    @TempDir
    static Path tmp;
    static Path db;
    static Map<String, String> retargeted = new LinkedHashMap<>();
    static Map<String, String> refused = new LinkedHashMap<>();
    static Map<String, ProgramVerdict> verdicts = new LinkedHashMap<>();

    @BeforeAll
    static void retargetAllAndBootOnce() throws Exception {
        db = tmp.resolve("cg.db");
        for (String repo : List.of("lb", "xdp-basics", "tracing")) {
            assertThat(Cli.run(db, "crawl", GitFixtures.corpusRepo(repo, tmp).toString()).exit()).isZero();
        }
        List<String[]> jobs = new ArrayList<>();
        try (CallGraph graph = CallGraph.openExisting(db)) {
            for (Definition f : graph.definitions(null, DefinitionKind.FUNCTION)) {
                String spec = f.name() + "@" + f.repo() + ":" + f.path();
                if ("xdp".equals(f.programType())) {
                    jobs.add(new String[] {spec, "tc"});
                } else if ("sched_cls".equals(f.programType())) {
                    jobs.add(new String[] {spec, "xdp"});
                } else if ("kprobe".equals(f.programType()) && f.section().startsWith("kprobe/")) {
                    jobs.add(new String[] {spec, "fentry"});
                }
            }
        }
        for (String helper : List.of("parse_eth@lb", "parse_ethhdr@xdp-basics", "parse_iphdr@xdp-basics",
                "xdp_stats_record_action@xdp-basics", "update_stats@lb", "swap_src_dst_mac@xdp-basics")) {
            jobs.add(new String[] {helper, "xdp"});
            jobs.add(new String[] {helper, "tc"});
        }
        List<Path> built = new ArrayList<>();
        for (String[] job : jobs) {
            Path out = tmp.resolve("rt").resolve(job[0].replaceAll("[^A-Za-z0-9_]+", "_") + "-" + job[1]);
            Cli.Run run = Cli.run(db, "retarget", job[0], "--hook", job[1], "-o", out.toString());
            String key = job[0] + " -> " + job[1];
            if (run.exit() == 0) {
                UnitBuilder.Result b = UnitBuilder.build(out);
                assertThat(b.ok()).as(key + ":\n" + b.diagnostics()).isTrue();
                built.addAll(b.objects());
                retargeted.put(key, out.toString());
            } else {
                assertThat(run.exit()).as(key + ": " + run.err()).isEqualTo(1);
                assertThat(out).as("nothing written for " + key).doesNotExist();
                refused.put(key, run.err());
            }
        }
        Verifier verifier = new Verifier(CacheRoot.get(), GitFixtures.projectRoot(), 180, 120);
        for (ProgramVerdict v : verifier.verify(built, verifier.kernel("debian"))) {
            verdicts.put(v.object() + ":" + v.program(), v);
        }
        System.out.println("retargeted " + retargeted.size() + ", refused with errors " + refused.size() + "; loaded "
                + verdicts.values().stream().filter(v -> v.verdict() == Verdict.ACCEPTED).count() + " of " + verdicts.size()
                + " programs");
    }

    @Test
    void everythingTheCheckAcceptsCompilesAndLoads() {
        assertThat(retargeted).hasSizeGreaterThanOrEqualTo(20);
        List<String> notAccepted = new ArrayList<>();
        verdicts.forEach((k, v) -> {
            // the legacy bpf_map_def object cannot be opened by libbpf 1.x, retargeted or not
            if (v.verdict() != Verdict.ACCEPTED && !v.program().equals("xdp_legacy_count")) {
                notAccepted.add(k + ": " + v.message());
            }
        });
        assertThat(notAccepted).isEmpty();
        assertThat(verdicts.values()).anyMatch(v -> v.program().equals("balancer_ingress") && v.programType().equals("sched_cls"));
        assertThat(verdicts.values()).anyMatch(v -> v.program().equals("healthcheck_encap") && v.programType().equals("xdp"));
        assertThat(verdicts.values()).anyMatch(v -> v.program().equals("tc_count_ipv4") && v.programType().equals("xdp"));
        assertThat(verdicts.values()).anyMatch(v -> v.program().equals("do_unlinkat") && v.programType().equals("tracing"));
        assertThat(verdicts.values()).anyMatch(v -> v.program().equals("opened_parse_ethhdr_tc") && v.programType().equals("sched_cls"));
        assertThat(verdicts.values()).anyMatch(v -> v.program().equals("opened_parse_eth_xdp") && v.programType().equals("xdp"));
    }

    @Test
    void incompatibleCasesAreErrorsAtTheRightLine() {
        String tx = refused.get("xdp_icmp_echo_prog@xdp-basics:packet02-rewrite/xdp_rewrite_kern.c -> tc");
        assertThat(tx).contains("/packet02-rewrite/xdp_rewrite_kern.c:53:9: error: XDP_TX has no equivalent in tc (sched_cls)");
        String skbOnly = refused.get("tc_vlan_tag@lb:tunnel_tc.c -> xdp");
        assertThat(skbOnly).contains("/tunnel_tc.c:29:6: error: bpf_skb_vlan_push is not allowed in xdp programs (kernel debian 6.");
        Cli.Run tp = Cli.run(db, "retarget", "handle_exec@tracing", "--hook", "kprobe/do_sys_openat2", "-o",
                tmp.resolve("tp").toString());
        assertThat(tp.exit()).isEqualTo(1);
        assertThat(tp.err()).contains("/execsnoop.bpf.c:22:17: error: a tracepoint's context (struct trace_event_raw_sched_process_exec)");
        assertThat(tmp.resolve("tp")).doesNotExist();
    }

    @Test
    void theKernelProbeDecidesAndHookpointsAreStored() throws Exception {
        Verifier verifier = new Verifier(CacheRoot.get(), GitFixtures.projectRoot(), 180, 120);
        HelperSupport support = verifier.helperSupport(verifier.kernel("debian"));
        assertThat(support.allows("xdp", "bpf_skb_vlan_push")).isFalse();
        assertThat(support.allows("sched_cls", "bpf_skb_vlan_push")).isTrue();

        Cli.Run hp = Cli.run(db, "hookpoints", "tc_vlan_tag@lb", "--format", "json");
        assertThat(hp.exit()).as(hp.err()).isZero();
        Map<String, JsonObject> fits = new LinkedHashMap<>();
        for (JsonElement e : JsonParser.parseString(hp.out()).getAsJsonArray()) {
            fits.put(e.getAsJsonObject().get("programType").getAsString(), e.getAsJsonObject());
        }
        assertThat(fits.get("sched_cls").get("fits").getAsBoolean()).isTrue();
        assertThat(fits.get("xdp").get("fits").getAsBoolean()).isFalse();
        JsonArray reasons = fits.get("xdp").getAsJsonArray("reasons");
        assertThat(reasons.toString()).contains("bpf_skb_vlan_push is not allowed in xdp programs")
                .contains("\"file\":\"tunnel_tc.c\",\"line\":29");
        Cli.Run parser = Cli.run(db, "hookpoints", "xdp_parser_prog@xdp-basics");
        assertThat(parser.out()).containsPattern("xdp\\s+xdp\\s+fits").containsPattern("tc\\s+sched_cls\\s+fits");
        assertThat(Cli.run(db, "funcs", "--hook", "tc").out()).contains("tc_vlan_tag@lb").contains("xdp_parser_prog@xdp-basics");
        assertThat(Cli.run(db, "funcs", "--hook", "xdp").out()).contains("xdp_parser_prog@xdp-basics").doesNotContain("tc_vlan_tag");
    }

    @Test
    void aWholeRepoIsCheckedForFuncsHook() {
        // on a terminal, progress per function on stderr; the JSON on stdout stays whole
        Cli.Run all = Cli.run(true, db, "hookpoints", "--repo", "xdp-basics", "--format", "json");
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.err()).containsPattern("\r\033\\[K\\[1/\\d+\\] \\w+").containsPattern("\r\033\\[K\\[(\\d+)/\\1\\] \\w+")
                .endsWith("\r\033[K");
        JsonObject byFunction = JsonParser.parseString(all.out()).getAsJsonObject();
        assertThat(byFunction.keySet()).contains("xdp_meta_prog@xdp-basics:packet04-meta/xdp_meta_kern.c",
                "xdp_icmp_echo_prog@xdp-basics:packet02-rewrite/xdp_rewrite_kern.c");
        String tc = Cli.run(db, "funcs", "--repo", "xdp-basics", "--hook", "tc").out();
        assertThat(tc).contains("xdp_meta_prog@xdp-basics").contains("parse_ethhdr@xdp-basics")
                .doesNotContain("xdp_icmp_echo_prog"); // XDP_TX
        String fentry = Cli.run(db, "funcs", "--repo", "xdp-basics", "--hook", "fentry").out();
        assertThat(fentry).doesNotContain("xdp_meta_prog").doesNotContain("parse_ethhdr"); // packets have no place there
        assertThat(Cli.run(db, "hookpoints", "xdp_meta_prog@xdp-basics", "--repo", "xdp-basics").exit()).isEqualTo(2);
    }

    @Test
    void theRetargetedUnitCarriesItsMakefileAndManifest() throws Exception {
        Path unit = Path.of(retargeted.get("balancer_ingress@lb:balancer.c -> tc"));
        String makefile = Files.readString(unit.resolve("Makefile"));
        assertThat(makefile).contains("tc qdisc add dev $(DEV) clsact").contains("$(OPENED) verify .")
                .contains("$(BPFTOOL) gen skeleton");
        JsonObject m = JsonParser.parseString(Files.readString(unit.resolve("opened.json"))).getAsJsonObject();
        assertThat(m.get("hook").getAsString()).isEqualTo("tc");
        assertThat(m.getAsJsonObject("retarget").getAsJsonArray("changedLines")).isNotEmpty();
        Cli.Run bad = Cli.run(db, "retarget", unit.toString(), "--hook", "xpd");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("opened retarget: --hook xpd: not a hook I know");
    }
}
