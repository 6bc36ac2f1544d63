package dev.opened.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.CrawlListener;
import dev.opened.callgraph.CrawlRequest;
import dev.opened.callgraph.Crawler;
import dev.opened.callgraph.FunctionRef;
import dev.opened.callgraph.testing.GitFixtures;
import dev.opened.extractor.ExtractRequest;
import dev.opened.extractor.Extractor;
import dev.opened.extractor.Manifest;
import dev.opened.extractor.Unit;

/**
 * Each retarget pass alone over a job of a unit extracted from a small repo: what it edits, and
 * only that. The helper allow-list is asked of the kernel only for a helper call.
 */
class PassesTest {
    @TempDir
    static Path tmp;
    static CallGraph graph;

    @BeforeAll
    static void crawl() {
        graph = CallGraph.open(tmp.resolve("p.db"));
        Path repo = GitFixtures.repo(tmp.resolve("p"), Map.of("p.c", """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>

                SEC("xdp")
                int quiet(struct xdp_md *ctx)
                {
                	if (ctx->data + 14 > ctx->data_end)
                		return XDP_DROP;
                	return XDP_PASS;
                }

                SEC("xdp")
                int lucky(struct xdp_md *ctx)
                {
                	return bpf_get_prandom_u32() & 1 ? XDP_DROP : XDP_PASS;
                }

                char _license[] SEC("license") = "GPL";
                """));
        new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
    }

    @AfterAll
    static void close() {
        graph.close();
    }

    /** A job of {@code fn}'s unit retargeted to tc, with the xdp-to-tc table in use. */
    static Job job(String fn) {
        Unit unit = new Extractor(graph).extract(new ExtractRequest(FunctionRef.parse(fn + "@p").resolve(graph), List.of()));
        Job job = new Job(unit, Hook.parse("tc", null), null);
        RuleTable table = RuleTable.load("xdp", "tc");
        Manifest.EntryProgram ep = unit.manifest().entryPrograms().get(0);
        List<Region> programs = List.of(job.region(ep.name(), ep.line()));
        job.use(table, programs, Rewrite.contextFunctions(job, table, programs));
        return job;
    }

    static List<String> rules(Job job) {
        return job.edits.all().stream().map(Edits.Edit::rule).toList();
    }

    @Test
    void theSectionPassChangesTheSectionAlone() {
        Job job = job("quiet");
        new SectionPass().apply(job);
        assertThat(rules(job)).containsExactly("section \"xdp\" -> \"tc\"");
        assertThat(job.edits.apply(job.text)).contains("SEC(\"tc\")\nint quiet(struct xdp_md *ctx)");
    }

    @Test
    void theContextTypeAndLexicalPassesEachDoTheirOwnPart() {
        Job types = job("quiet");
        new ContextTypePass().apply(types);
        assertThat(rules(types)).containsExactly("context struct xdp_md -> struct __sk_buff");
        Job lexical = job("quiet");
        new LexicalPass().apply(lexical);
        assertThat(rules(lexical)).containsExactly("return code XDP_DROP -> TC_ACT_SHOT", "return code XDP_PASS -> TC_ACT_OK");
    }

    @Test
    void theFieldsPassReadsTheAstAndLeavesFieldsTheNewContextHasAlone() {
        Job job = job("quiet");
        new ContextFieldsPass().apply(job);
        // data and data_end are __sk_buff's too: nothing to rewrite, nothing to refuse
        assertThat(job.errors).isEmpty();
        assertThat(rules(job)).isEmpty();
    }

    @Test
    void theHeadersPassAddsWhatTheTableNames() {
        Job job = job("quiet");
        new HeadersPass().apply(job);
        assertThat(job.pendingHeaders).contains("#include <linux/pkt_cls.h>");
    }

    @Test
    void theAllowListAsksTheKernelOnlyAboutHelperCalls() {
        HelperTable refusesToBeAsked = HelperTable.of("none", (type, helper) -> {
            throw new AssertionError("asked whether " + type + " may call " + helper);
        }, name -> {
            throw new AssertionError("asked whether " + name + " is a helper");
        });
        Job quiet = job("quiet");
        new HelperAllowListPass(refusesToBeAsked).apply(quiet);
        assertThat(quiet.errors).isEmpty();

        HelperTable nothingAllowed = HelperTable.of("k", (type, helper) -> false, name -> name.startsWith("bpf_get_"));
        Job lucky = job("lucky");
        new HelperAllowListPass(nothingAllowed).apply(lucky);
        assertThat(lucky.errors).extracting(Diagnostic::message)
                .containsExactly("bpf_get_prandom_u32 is not allowed in sched_cls programs (kernel k says so) and has no counterpart there");
        assertThat(lucky.errors.get(0).line()).isEqualTo(lucky.text.lines().toList().indexOf("\treturn bpf_get_prandom_u32() & 1 ? XDP_DROP : XDP_PASS;") + 1);
    }
}
