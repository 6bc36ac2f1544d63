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

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;
import dev.opened.callgraph.testing.GitFixtures;
import dev.opened.common.ActionMap;
import dev.opened.common.CacheRoot;
import dev.opened.transformer.ActionCodes;
import dev.opened.verifier.Batch;
import dev.opened.verifier.Equivalence;
import dev.opened.verifier.Packet;
import dev.opened.verifier.Packets;
import dev.opened.verifier.ProgramRun;
import dev.opened.verifier.Verifier;

/**
 * End to end, one boot: every xdp⇄tc retarget of the test corpus runs with its original on the
 * builtin packets in Debian's kernel and must behave the same (return codes through the hooks'
 * mapping, output frames, maps after each packet); a retarget made with a deliberately wrong rule
 * table (XDP_PASS and XDP_DROP swapped) must be caught with its differing packets.
 */
@Tag("kernel")
class RetargetEquivalenceTest {
    @TempDir
    static Path tmp;
    static final List<Packet> PACKETS = Packets.builtin(1);
    static final Map<String, List<RetargetCheck.Outcome>> outcomes = new LinkedHashMap<>();
    static final Map<String, String> refused = new LinkedHashMap<>();

    @BeforeAll
    static void retargetEveryProgramAndTestInOneBoot() throws Exception {
        Path db = tmp.resolve("cg.db");
        for (String repo : List.of("xdp-basics", "lb", "router")) {
            assertThat(Cli.run(db, "crawl", GitFixtures.corpusRepo(repo, tmp).toString()).exit()).isZero();
        }
        Map<String, String[]> jobs = new LinkedHashMap<>();
        try (CallGraph graph = CallGraph.openExisting(db)) {
            for (Definition f : graph.definitions(null, DefinitionKind.FUNCTION)) {
                String spec = f.name() + "@" + f.repo() + ":" + f.path();
                if ("xdp".equals(f.programType())) {
                    jobs.put(spec + " -> tc", new String[] {spec, "tc", "xdp", null});
                } else if ("sched_cls".equals(f.programType())) {
                    jobs.put(spec + " -> xdp", new String[] {spec, "xdp", "tc", null});
                }
            }
        }
        Path wrong = Files.createDirectories(tmp.resolve("wrong-rules"));
        Files.writeString(wrong.resolve("xdp-tc.json"), """
                {"context": {"struct xdp_md": "struct __sk_buff"},
                 "fields": {"data": "data", "data_end": "data_end"},
                 "returnCodes": {"XDP_PASS": "TC_ACT_SHOT", "XDP_DROP": "TC_ACT_OK", "XDP_ABORTED": "TC_ACT_SHOT",
                                 "XDP_REDIRECT": "TC_ACT_REDIRECT"},
                 "headers": ["#include <linux/pkt_cls.h>"]}
                """);
        jobs.put("wrong", new String[] {"xdp_router@router", "tc", "xdp", wrong.toString()});
        List<Batch.Target> targets = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, String[]> job : jobs.entrySet()) {
            String[] j = job.getValue();
            Path original = tmp.resolve("u" + n + "-original");
            Path retargeted = tmp.resolve("u" + n++ + "-" + j[1]);
            assertThat(Cli.run(db, "extract", j[0], "-o", original.toString()).exit()).as(job.getKey()).isZero();
            List<String> args = new ArrayList<>(List.of("retarget", original.toString(), "--hook", j[1], "-o", retargeted.toString()));
            if (j[3] != null) {
                args.addAll(List.of("--rules", j[3]));
            }
            Cli.Run run = Cli.run(db, args.toArray(String[]::new));
            if (run.exit() != 0) {
                assertThat(run.exit()).as(job.getKey() + ": " + run.err()).isEqualTo(1);
                refused.put(job.getKey(), run.err());
                continue;
            }
            targets.add(new Batch.Target("orig " + job.getKey(), original));
            targets.add(new Batch.Target("rt " + job.getKey(), retargeted));
        }
        Verifier verifier = new Verifier(CacheRoot.get(), GitFixtures.projectRoot(), 180, 120);
        List<ProgramRun> runs = new Batch(verifier).test(targets, PACKETS, verifier.kernel("debian"), new Batch.Listener() { });
        for (Map.Entry<String, String[]> job : jobs.entrySet()) {
            if (refused.containsKey(job.getKey())) {
                continue;
            }
            List<ProgramRun> before = runs.stream().filter(r -> r.target().equals("orig " + job.getKey())).toList();
            List<ProgramRun> after = runs.stream().filter(r -> r.target().equals("rt " + job.getKey())).toList();
            ActionMap pair = ActionCodes.between(job.getValue()[2], job.getValue()[1], null);
            outcomes.put(job.getKey(), RetargetCheck.compare(before, after, pair, PACKETS));
            // the report's figures: what each retarget did on the builtin packets
            System.out.println(job.getKey() + ": " + outcomes.get(job.getKey()).stream().map(o -> o.problem() != null
                    ? o.problem() : (o.report().equivalent() ? "equivalent" : o.report().differing() + " differ")
                    + ", " + o.report().differences().stream().filter(Equivalence.Difference::inherent).count() + " inherent")
                    .toList());
        }
        refused.forEach((k, v) -> System.out.println(k + ": refused: " + v.lines().findFirst().orElse("")));
    }

    @Test
    void everyXdpTcRetargetOfTheCorpusBehavesAsItsOriginal() {
        assertThat(outcomes.keySet()).as("retargets checked").hasSizeGreaterThanOrEqualTo(8)
                .anyMatch(k -> k.startsWith("xdp_router@router")).anyMatch(k -> k.startsWith("xdp_parser_prog@"))
                .anyMatch(k -> k.endsWith("-> xdp"));
        for (Map.Entry<String, List<RetargetCheck.Outcome>> e : outcomes.entrySet()) {
            if (e.getKey().equals("wrong")) {
                continue;
            }
            assertThat(e.getValue()).as(e.getKey()).isNotEmpty();
            if (e.getKey().startsWith("xdp_legacy_count@")) {
                // legacy bpf_map_def maps: libbpf 1.x opens no such object, so neither side runs, and says so
                assertThat(e.getValue().get(0).problem()).contains("legacy map definitions");
                continue;
            }
            for (RetargetCheck.Outcome o : e.getValue()) {
                java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
                RetargetCheck.print(List.of(o), new java.io.PrintStream(b), 5);
                assertThat(o.equivalent()).as(e.getKey() + ":\n" + b).isTrue();
                assertThat(o.report().packets()).isEqualTo(PACKETS.size());
            }
        }
        // refused retargets are refused at a line, for a reason (XDP_TX has no tc counterpart)
        refused.forEach((k, err) -> assertThat(err).as(k).contains(": error: "));
    }

    @Test
    void aWrongRewriteIsCaughtWithItsPackets() {
        List<RetargetCheck.Outcome> wrong = outcomes.get("wrong");
        assertThat(wrong).hasSize(1);
        Equivalence.Report r = wrong.get(0).report();
        assertThat(r.equivalent()).isFalse();
        int passed = -1;
        for (int i = 0; i < PACKETS.size(); i++) {
            if (PACKETS.get(i).name().equals("eth/ipv6/tcp")) {
                passed = i;
            }
        }
        int ipv6 = passed;
        // an IPv6 packet is passed by the router: the wrong table makes that a drop
        assertThat(r.differences()).anySatisfy(d -> {
            assertThat(d.packet()).isEqualTo(ipv6);
            assertThat(d.inherent()).isFalse();
            assertThat(d.what()).anySatisfy(w -> assertThat(w).contains("returns XDP_PASS (2) vs TC_ACT_SHOT (2)")
                    .contains("expected TC_ACT_OK (0)"));
        });
    }
}
