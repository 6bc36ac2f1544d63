package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/** The test corpus, made into git repos with JGit and crawled once, against what was written into it. */
class CorpusCrawlTest {
    @TempDir
    static Path tmp;
    static CallGraph graph;

    @BeforeAll
    static void crawl() {
        graph = CallGraph.open(tmp.resolve("corpus.db"));
        Crawler crawler = new Crawler(graph, tmp.resolve("cache"));
        for (String repo : List.of("lb", "xdp-basics", "tracing")) {
            CrawlSummary s = crawler.crawl(CrawlRequest.of(GitFixtures.corpusRepo(repo, tmp).toString()), CrawlListener.NONE);
            assertThat(s.problems()).as(repo + " problems: " + graph.problems(repo)).isZero();
        }
    }

    @AfterAll
    static void close() {
        graph.close();
    }

    private static Definition fn(String repo, String name, String path) {
        return graph.lookup(name, repo, path, DefinitionKind.FUNCTION).single();
    }

    private static List<String> uses(Definition from, ReferenceKind kind) {
        return graph.referencesFrom(from.id()).stream().filter(r -> r.kind() == kind)
                .map(r -> graph.definition(r.toId())).map(d -> d.name() + "@" + d.path()).toList();
    }

    @Test
    void callsAcrossFilesAndHeaders() {
        Definition lb = fn("lb", "balancer_ingress", "balancer.c");
        assertThat(uses(lb, ReferenceKind.CALL)).containsExactlyInAnyOrder("parse_eth@include/pckt_parsing.h",
                "process_l3_headers@balancer.c", "pick_real@balancer.c", "update_stats@balancer.c");
        assertThat(uses(fn("lb", "process_l3_headers", "balancer.c"), ReferenceKind.CALL)).containsExactlyInAnyOrder(
                "parse_ipv4@include/pckt_parsing.h", "parse_ipv6@include/pckt_parsing.h", "parse_udp@include/pckt_parsing.h",
                "parse_tcp@include/pckt_parsing.h", "parse_icmp_toobig@include/pckt_parsing.h");
        Definition parser = fn("xdp-basics", "xdp_parser_prog", null);
        assertThat(uses(parser, ReferenceKind.CALL)).contains("parse_ethhdr@common/parsing_helpers.h",
                "xdp_stats_record_action@common/xdp_stats_kern.h");
    }

    @Test
    void theDuplicateHelperIsLinkedPerTranslationUnit() {
        assertThat(graph.lookup("process_l3_headers", "lb", null, DefinitionKind.FUNCTION).matches()).hasSize(2);
        assertThat(uses(fn("lb", "balancer_ingress", null), ReferenceKind.CALL)).contains("process_l3_headers@balancer.c");
        assertThat(uses(fn("lb", "healthcheck_encap", null), ReferenceKind.CALL))
                .containsExactly("process_l3_headers@healthcheck.c");
    }

    @Test
    void guardedDefinitionsInHeadersAndFiles() {
        Definition toobig = fn("lb", "parse_icmp_toobig", null);
        assertThat(toobig.active()).isFalse();
        assertThat(toobig.guards()).singleElement().satisfies(g ->
                assertThat(g.directives()).containsExactly("#ifdef ICMP_TOOBIG_GENERATION"));
        Definition stats = graph.lookup("icmp_toobig_stats", "lb", null, DefinitionKind.STRUCT).single();
        assertThat(stats.active()).isFalse();
        assertThat(stats.guards().get(0).macros()).containsExactly("ICMP_TOOBIG_GENERATION");
        // the guarded call site inside process_l3_headers is an #if with two macros
        assertThat(graph.lookup("icmp_toobig_counters", "lb", null, DefinitionKind.MAP).single().guards()).hasSize(1);
        // include guards are not conditions
        assertThat(fn("lb", "parse_eth", null).guards()).isEmpty();
    }

    @Test
    void guardedDefinitionsAreActiveWithTheirFlag() {
        CrawlSummary s = new Crawler(graph, tmp.resolve("cache")).crawl(new CrawlRequest(tmp.resolve("lb").toString(),
                "lb-toobig", null, List.of(), List.of("ICMP_TOOBIG_GENERATION")), CrawlListener.NONE);
        assertThat(s.problems()).isZero();
        Definition toobig = graph.lookup("parse_icmp_toobig", "lb-toobig", null, DefinitionKind.FUNCTION).single();
        assertThat(toobig.active()).isTrue();
        assertThat(graph.lookup("icmp_toobig_counters", "lb-toobig", null, DefinitionKind.MAP).single().active()).isTrue();
    }

    @Test
    void sectionsThroughMacrosAndMacroMadePrograms() {
        Definition lb = fn("lb", "balancer_ingress", null);
        assertThat(lb.section()).isEqualTo("xdp");
        assertThat(uses(lb, ReferenceKind.MACRO)).contains("PROG_SEC_NAME@include/lb_consts.h", "STATS_IDX@include/lb_consts.h");
        assertThat(fn("lb", "healthcheck_encap", null).programType()).isEqualTo("sched_cls");
        Definition kprobe = fn("tracing", "do_unlinkat", null);
        assertThat(kprobe.section()).isEqualTo("kprobe/do_unlinkat");
        assertThat(kprobe.startLine()).isEqualTo(10);
        assertThat(kprobe.endLine()).isEqualTo(19);
        assertThat(graph.lookup("____do_unlinkat", "tracing", null, null).matches()).isEmpty();
        assertThat(fn("tracing", "fentry_unlinkat", null).programType()).isEqualTo("tracing");
        assertThat(fn("tracing", "handle_exec", null).programType()).isEqualTo("tracepoint");
        assertThat(uses(fn("tracing", "handle_exec", null), ReferenceKind.GLOBAL)).containsExactly("target_tgid@execsnoop.bpf.c");
    }

    @Test
    void mapsWithReadersUpdatersAndTheTailCall() {
        MapDef lru = graph.maps("lb").stream().filter(m -> m.definition().name().equals("lru_cache")).findFirst().orElseThrow();
        assertThat(lru.mapType()).isEqualTo("BPF_MAP_TYPE_LRU_HASH");
        assertThat(lru.keyType()).isEqualTo("struct flow_key");
        assertThat(lru.maxEntries()).isEqualTo(1024L);
        Definition pick = fn("lb", "pick_real", null);
        assertThat(uses(pick, ReferenceKind.MAP_READ)).containsExactly("lru_cache@include/lb_maps.h");
        assertThat(uses(pick, ReferenceKind.MAP_UPDATE)).containsExactly("lru_cache@include/lb_maps.h");
        MapDef stats = graph.maps("lb").stream().filter(m -> m.definition().name().equals("stats")).findFirst().orElseThrow();
        assertThat(stats.maxEntries()).isEqualTo(66L); // STATS_SIZE = MAX_VIPS + STATS_BASE = 16 * 4 + 2
        MapDef legacy = graph.maps("lb").stream().filter(m -> m.style().equals("legacy")).findFirst().orElseThrow();
        assertThat(legacy.definition().name()).isEqualTo("legacy_counters");
        assertThat(legacy.mapType()).isEqualTo("BPF_MAP_TYPE_ARRAY");
        assertThat(legacy.maxEntries()).isEqualTo(16L);
        Definition subprograms = graph.lookup("subprograms", "lb", null, DefinitionKind.MAP).single();
        assertThat(uses(fn("lb", "balancer_ingress", null), ReferenceKind.MAP_READ)).contains("subprograms@balancer.c");
        // the prog array's initialiser names the tail-call target
        assertThat(uses(subprograms, ReferenceKind.ADDRESS)).containsExactly("lb_subprog_icmp@balancer.c");
        assertThat(graph.helperCalls(fn("lb", "balancer_ingress", null).id())).extracting(HelperCall::helper)
                .contains("bpf_tail_call", "bpf_map_lookup_elem");
    }

    @Test
    void licensesPerFile() {
        assertThat(graph.file("lb", "balancer.c").orElseThrow().spdx()).isEqualTo("GPL-2.0");
        assertThat(graph.file("lb", "balancer.c").orElseThrow().licenseComment()).contains("GNU General Public License");
        assertThat(graph.file("tracing", "unlink.bpf.c").orElseThrow().spdx()).isEqualTo("(LGPL-2.1 OR BSD-2-Clause)");
        assertThat(graph.lookup("LICENSE", "tracing", "unlink.bpf.c", DefinitionKind.GLOBAL).single().section())
                .isEqualTo("license");
    }
}
