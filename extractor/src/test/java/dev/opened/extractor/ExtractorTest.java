package dev.opened.extractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.CrawlListener;
import dev.opened.callgraph.CrawlRequest;
import dev.opened.callgraph.Crawler;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;
import dev.opened.callgraph.FunctionRef;
import dev.opened.callgraph.testing.GitFixtures;
import dev.opened.common.OpenedException;

/** Extraction from the test corpus, crawled once from JGit-made repos; every unit built by real clang. */
@Tag("clang")
class ExtractorTest {
    @TempDir
    static Path tmp;
    static CallGraph graph;
    static Map<String, String> commits = new java.util.HashMap<>();

    @BeforeAll
    static void crawl() {
        graph = CallGraph.open(tmp.resolve("corpus.db"));
        Crawler crawler = new Crawler(graph, tmp.resolve("cache"));
        for (String repo : List.of("lb", "xdp-basics", "tracing")) {
            commits.put(repo, crawler.crawl(CrawlRequest.of(GitFixtures.corpusRepo(repo, tmp).toString()), CrawlListener.NONE)
                    .commit());
        }
    }

    @AfterAll
    static void close() {
        graph.close();
    }

    private static Unit extract(String spec, String... defines) {
        Definition f = FunctionRef.parse(spec).resolve(graph);
        return new Extractor(graph).extract(new ExtractRequest(f, List.of(defines)));
    }

    private static Path write(Unit u, String dir) {
        return UnitWriter.write(u.files(), tmp.resolve("units").resolve(dir), false);
    }

    @Test
    void everyFunctionOfTheCorpusExtractsAndCompiles() throws Exception {
        List<Definition> functions = graph.definitions(null, DefinitionKind.FUNCTION).stream()
                .filter(f -> commits.containsKey(f.repo())).toList();
        List<String> failures = new ArrayList<>();
        int compiled = 0;
        for (Definition f : functions) {
            Unit u = new Extractor(graph).extract(new ExtractRequest(f, List.of()));
            Path dir = write(u, "all-" + f.id() + "-" + f.name());
            String err = ClangRunner.compile(dir, u.manifest());
            if (err != null) {
                failures.add(f.qualifiedName() + ":\n" + err);
                continue;
            }
            // the feature switches the source tests must build too
            List<String> on = u.manifest().guardMacros().stream().map(m -> "-D" + m).toList();
            if (!on.isEmpty()) {
                String errOn = ClangRunner.compile(dir, u.manifest(), on.toArray(String[]::new));
                if (errOn != null) {
                    failures.add(f.qualifiedName() + " with " + on + ":\n" + errOn);
                    continue;
                }
            }
            assertThat(dir.resolve(u.manifest().object())).exists();
            compiled++;
        }
        System.out.println("extracted and compiled " + compiled + " of " + functions.size() + " corpus functions");
        assertThat(failures).isEmpty();
        assertThat(compiled).isEqualTo(functions.size()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void theDuplicateHelperIsTheOneTheTranslationUnitSees() {
        String hc = extract("healthcheck_encap@lb").source();
        assertThat(hc).contains("static __always_inline int process_l3_headers(void *data, void *data_end, struct hc_key *key)")
                .doesNotContain("process_l3_headers(struct packet_description *pckt");
        String lb = extract("balancer_ingress@lb").source();
        assertThat(lb).contains("process_l3_headers(struct packet_description *pckt, void *data,")
                .doesNotContain("struct hc_key");
    }

    @Test
    void aGuardedCalleeKeepsItsGuardAndBuildsBothWays() throws Exception {
        Unit u = extract("process_l3_headers@lb:balancer.c");
        String c = u.source();
        assertThat(c).contains("#ifdef ICMP_TOOBIG_GENERATION\nstatic __always_inline int parse_icmp_toobig(");
        assertThat(c).contains("#ifdef ICMP_TOOBIG_GENERATION\nstruct icmp_hdr {");
        assertThat(c.substring(c.indexOf("int parse_icmp_toobig("))).contains("}\n#endif\n");
        assertThat(u.manifest().guardMacros()).containsExactly("ICMP_TOOBIG_GENERATION");
        Path dir = write(u, "guarded");
        assertThat(ClangRunner.compile(dir, u.manifest())).isNull();
        assertThat(ClangRunner.compile(dir, u.manifest(), "-DICMP_TOOBIG_GENERATION")).isNull();
        // and the user's -D becomes a #define in the unit
        Unit on = extract("process_l3_headers@lb:balancer.c", "ICMP_TOOBIG_GENERATION");
        assertThat(on.source()).contains("/* asked for with -D */\n#define ICMP_TOOBIG_GENERATION 1\n");
        assertThat(on.manifest().guardMacros()).isEmpty();
    }

    @Test
    void definitionsNotReachedStayOut() {
        Unit u = extract("balancer_ingress@lb");
        String c = u.source();
        assertThat(c).doesNotContain("parse_gre").doesNotContain("UNUSED_LIMIT").doesNotContain("unused_hc_stats")
                .doesNotContain("} reals SEC").doesNotContain("icmp_toobig_counters").doesNotContain("struct hc_key");
        assertThat(c).contains("} lru_cache SEC(\".maps\");").contains("#define STATS_IDX(vip_num)")
                .contains("#define CTL_MAP_SIZE 16");
        // the tail-call target lives in the repo and comes with the prog array that names it
        assertThat(c).contains("int lb_subprog_icmp(struct xdp_md *ctx)");
        assertThat(c.indexOf("int lb_subprog_icmp(")).isLessThan(c.indexOf("} subprograms SEC(\".maps\")"));
        assertThat(u.manifest().maps()).extracting(Manifest.MapInfo::name)
                .containsExactlyInAnyOrder("vip_map", "lru_cache", "stats", "subprograms");
        assertThat(u.manifest().helpers()).containsExactly("bpf_ktime_get_ns", "bpf_map_lookup_elem",
                "bpf_map_update_elem", "bpf_tail_call");
        assertThat(u.manifest().entryPrograms()).extracting(Manifest.EntryProgram::name)
                .containsExactly("lb_subprog_icmp", "balancer_ingress");
    }

    @Test
    void provenanceCommentsNameTheRightLines() throws Exception {
        Unit u = extract("balancer_ingress@lb");
        String c = u.source();
        String commit = commits.get("lb");
        String marker = "/* Extracted from lb@" + commit + " include/pckt_parsing.h startLine: 21 endLine: 30 */\n";
        assertThat(c).contains(marker);
        String original = Files.readString(GitFixtures.corpus("lb").resolve("include/pckt_parsing.h"));
        String lines21to30 = String.join("\n", original.lines().toList().subList(20, 30)) + "\n";
        assertThat(c.substring(c.indexOf(marker) + marker.length())).startsWith(lines21to30);
        Manifest.Taken parseEth = u.manifest().definitions().stream().filter(t -> t.name().equals("parse_eth")).findFirst()
                .orElseThrow();
        assertThat(parseEth.startLine()).isEqualTo(21);
        assertThat(c.lines().toList().get(parseEth.unitStartLine() - 1)).startsWith("static __always_inline int parse_eth(");
        Manifest.EntryProgram entry = u.manifest().entryPrograms().get(1);
        assertThat(c.lines().toList().get(entry.line() - 1)).isEqualTo("SEC(PROG_SEC_NAME)");
    }

    @Test
    void theUnitOfAGplProgramCarriesItsLicenseSection() {
        Unit u = extract("healthcheck_encap@lb");
        assertThat(u.source()).startsWith("// SPDX-License-Identifier: GPL-2.0\n")
                .endsWith("char _license[] SEC(\"license\") = \"GPL\";\n");
        assertThat(u.manifest().license().name()).isEqualTo("GPL");
        Unit tracing = extract("handle_exec@tracing");
        assertThat(tracing.source()).endsWith("char LICENSE[] SEC(\"license\") = \"Dual BSD/GPL\";\n");
        // a header's function has no license section of its own, whatever includes it: the unit
        // gets one from what the header's file says
        Unit helper = extract("parse_ethhdr@xdp-basics");
        assertThat(helper.source()).contains("/* added by OPENED: the source program has no license section")
                .contains("SEC(\"license\") = \"GPL\"");
        assertThat(helper.manifest().notes()).anyMatch(n -> n.startsWith("license section \"GPL\" added from what the files say"));
    }

    @Test
    void coreProgramsKeepTheirGeneratedKernelTypesWhole() {
        Unit u = extract("do_unlinkat@tracing");
        assertThat(u.files()).containsKey("vmlinux.h");
        assertThat(u.source()).contains("#include \"vmlinux.h\"\n#include <bpf/bpf_helpers.h>");
        assertThat(u.source()).doesNotContain("struct task_struct {");
        assertThat(u.manifest().defines()).containsExactly("__TARGET_ARCH_x86");
        assertThat(u.source()).contains("int BPF_KPROBE(do_unlinkat, int dfd, struct filename *name)")
                .contains("const volatile bool verbose = false;");
    }

    @Test
    void clashingDefinitionsAreAnErrorNamingBothPlaces() {
        Path repo = GitFixtures.repo(tmp.resolve("clash"), Map.of(
                "a.h", "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\nstruct flow_key { int a; };\nint use_b(void);\n",
                "a.c", "#include \"a.h\"\nSEC(\"xdp\") int prog_a(struct xdp_md *ctx)\n{\n\tstruct flow_key k = {};\n\treturn k.a + use_b();\n}\n",
                "b.c", "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\nstruct flow_key { long b; };\n"
                        + "__attribute__((noinline)) int use_b(void)\n{\n\tstruct flow_key k = {};\n\treturn k.b;\n}\n"
                        + "SEC(\"xdp\") int prog_b(struct xdp_md *ctx) { return use_b(); }\n"));
        new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
        assertThatThrownBy(() -> extract("prog_a@clash"))
                .isInstanceOf(OpenedException.class)
                .hasMessage("two needed definitions of struct flow_key clash in one unit: a.h:3 and b.c:3 "
                        + "(each is what one translation unit sees; extract the functions apart)");
    }

    @Test
    void aHeaderFunctionSeesWhatItsOwnTranslationUnitDefined() throws Exception {
        String header = "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n#ifndef DEPTH\n#define DEPTH 2\n#endif\n"
                + "static __always_inline int depth(void) { return DEPTH; }\n";
        Path repo = GitFixtures.repo(tmp.resolve("tmpl"), Map.of("h.h", header,
                "plain.c", "#include \"h.h\"\nSEC(\"xdp\") int plain(struct xdp_md *ctx) { return depth() > 1 ? XDP_PASS : XDP_DROP; }\n"
                        + "char LICENSE[] SEC(\"license\") = \"GPL\";\n",
                "deep.c", "#define DEPTH 10\n#include \"h.h\"\nSEC(\"xdp\") int deep(struct xdp_md *ctx) { return depth() > 5 ? XDP_PASS : XDP_DROP; }\n"
                        + "char LICENSE[] SEC(\"license\") = \"GPL\";\n"));
        new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
        Unit plain = extract("plain@tmpl");
        assertThat(plain.source()).contains("#ifndef DEPTH\n#define DEPTH 2\n#endif\n").doesNotContain("#define DEPTH 10");
        Unit deep = extract("deep@tmpl");
        assertThat(deep.source()).contains("#define DEPTH 10\n");
        assertThat(ClangRunner.compile(write(plain, "tmpl-plain"), plain.manifest())).isNull();
        assertThat(ClangRunner.compile(write(deep, "tmpl-deep"), deep.manifest())).isNull();
    }

    @Test
    void aNonEmptyDirectoryIsRefusedAndNothingIsWritten() throws Exception {
        Path dir = tmp.resolve("mine");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.txt"), "my notes");
        Unit u = extract("xdp_pass_prog@xdp-basics");
        assertThatThrownBy(() -> UnitWriter.write(u.files(), dir, false)).isInstanceOf(OpenedException.class)
                .hasMessageContaining("exists and is not empty");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("notes.txt");
        }
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".opened-")).toList()).isEmpty();
        }
        UnitWriter.write(u.files(), dir, true);
        assertThat(dir.resolve("notes.txt")).hasContent("my notes");
        assertThat(dir.resolve("xdp_pass_prog.c")).exists();
        assertThat(Manifest.read(dir).function()).isEqualTo("xdp_pass_prog");
    }
}
