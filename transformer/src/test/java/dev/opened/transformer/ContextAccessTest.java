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
import dev.opened.extractor.Unit;

/**
 * Context fields by program type: each use checked against what the new program type's verifier
 * allows, at its line; and the action-code boundary for codes that flow as values.
 */
class ContextAccessTest {
    @TempDir
    static Path tmp;
    static CallGraph graph;
    static Templates templates;

    static final String HEADERS = """
            #include <linux/bpf.h>
            #include <linux/if_ether.h>
            #include <linux/ip.h>
            #include <linux/pkt_cls.h>
            #include <bpf/bpf_helpers.h>
            #include <bpf/bpf_endian.h>
            """;

    @BeforeAll
    static void crawl() {
        graph = CallGraph.open(tmp.resolve("ctx.db"));
        Path repo = GitFixtures.repo(tmp.resolve("ctx"), Map.of("mark.c", HEADERS + """

                static __always_inline void set_decap_mark(struct xdp_md *skb)
                {
                	skb->mark = 7;
                }

                SEC("xdp")
                int tag(struct xdp_md *ctx)
                {
                	if (ctx->ingress_ifindex == 3)
                		return XDP_DROP;
                	set_decap_mark(ctx);
                	return XDP_PASS;
                }

                SEC("tc")
                int fix_port(struct __sk_buff *skb)
                {
                	void *data_end = (void *)(long)skb->data_end;
                	void *data = (void *)(long)skb->data;
                	struct ethhdr *eth = data;
                	struct iphdr *iph;

                	if ((void *)(eth + 1) > data_end)
                		return TC_ACT_OK;
                	iph = (void *)(eth + 1);
                	if ((void *)(iph + 1) > data_end)
                		return TC_ACT_OK;
                	skb->priority = 1;
                	iph->ttl--;
                	return TC_ACT_OK;
                }

                SEC("xdp")
                int egress_seen(struct xdp_md *ctx)
                {
                	return ctx->ingress_ifindex == 2 ? XDP_DROP : XDP_PASS;
                }

                static __always_inline int bpf_own_util(int x)
                {
                	return x + 1;
                }

                SEC("tc")
                int push_tag(struct __sk_buff *skb)
                {
                	if (bpf_own_util(skb->len) > 100)
                		bpf_skb_vlan_push(skb, bpf_htons(0x8100), 5);
                	return TC_ACT_OK;
                }

                char _license[] SEC("license") = "GPL";
                """));
        new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
        templates = new Templates(null, GitFixtures.projectRoot().resolve("templates"));
    }

    @AfterAll
    static void close() {
        graph.close();
    }

    static Retargeter.Result retarget(String spec, String hook) {
        Unit unit = new Extractor(graph).extract(new ExtractRequest(FunctionRef.parse(spec).resolve(graph), List.of()));
        return new Retargeter(null, templates).retarget(unit, Hook.parse(hook, unit.manifest().section()), false);
    }

    private static int lineOf(Unit unit, String text) {
        List<String> lines = unit.source().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in the unit");
    }

    @Test
    void aFieldTheNewContextLacksIsAnErrorAtItsLine() {
        // an xdp_md helper that writes mark: no xdp_md has one, whatever the program's hook
        Retargeter.Result r = retarget("tag@ctx", "xdp");
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.message()).startsWith("struct xdp_md has no field mark that a xdp program may use");
            assertThat(d.line()).isEqualTo(lineOf(retarget("tag@ctx", "tc").unit(), "skb->mark = 7;"));
            assertThat(d.column()).isEqualTo(7);
        });
    }

    @Test
    void socketFiltersHaveNoPacketPointersAndReadOnlyFieldsAreNotWritten() {
        Retargeter.Result r = retarget("fix_port@ctx", "socket");
        assertThat(r.errors()).extracting(Diagnostic::message)
                .anySatisfy(m -> assertThat(m).startsWith("struct __sk_buff has no field data_end that a socket_filter program may use: "
                        + "a socket filter has no direct packet access"))
                .anySatisfy(m -> assertThat(m).startsWith("struct __sk_buff has no field data that a socket_filter"))
                .anySatisfy(m -> assertThat(m).isEqualTo("priority is read-only in socket_filter programs: the verifier refuses the write"));
    }

    @Test
    void cgroupSkbProgramsCannotWriteThePacket() {
        Retargeter.Result r = retarget("fix_port@ctx", "cgroup_skb/ingress");
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.message()).startsWith("a cgroup_skb program cannot write into the packet").contains("(iph->ttl--)");
        });
        // tc may write both
        assertThat(retarget("fix_port@ctx", "tc/egress").errors()).isEmpty();
    }

    @Test
    void ingressIfindexOnTcEgressIsAWarningNotAnError() {
        Retargeter.Result egress = retarget("egress_seen@ctx", "tc/egress");
        assertThat(egress.errors()).isEmpty();
        assertThat(egress.warnings()).singleElement().satisfies(w -> {
            assertThat(w.message()).startsWith("ingress_ifindex is 0 for a packet the host itself sends");
            assertThat(w.asWarning()).contains(": warning: ");
        });
        assertThat(retarget("egress_seen@ctx", "tc/ingress").warnings()).isEmpty();
    }

    @Test
    void hookpointsSaysFitsOnlyWhereTheVerifierWouldAccept() {
        Unit unit = new Extractor(graph).extract(new ExtractRequest(FunctionRef.parse("fix_port@ctx").resolve(graph), List.of()));
        Map<String, Boolean> fits = new java.util.LinkedHashMap<>();
        new Hookpoints(new Retargeter(null, templates)).check(unit).forEach(f -> fits.put(f.hook(), f.fits()));
        // xdp_md has no priority to set
        assertThat(fits).containsEntry("xdp", false).containsEntry("tc", true).containsEntry("cgroup_skb/ingress", false)
                .containsEntry("socket", false);
    }

    @Test
    void onlyHelpersAreAskedOfTheKernelNotTheRepoOwnBpfNamedFunctions() {
        HelperTable table = new HelperTable() {
            @Override
            public String kernel() {
                return "test";
            }

            @Override
            public boolean allows(String programType, String helper) {
                // nothing else is allowed anywhere: a name asked about that is not a helper would be an error
                return helper.equals("bpf_skb_vlan_push") && programType.equals("sched_cls");
            }

            @Override
            public boolean isHelper(String name) {
                return name.equals("bpf_skb_vlan_push");
            }
        };
        Unit unit = new Extractor(graph).extract(new ExtractRequest(FunctionRef.parse("push_tag@ctx").resolve(graph), List.of()));
        Retargeter.Result r = new Retargeter(table, templates).retarget(unit, Hook.parse("xdp", null), false);
        assertThat(r.errors()).extracting(Diagnostic::message).anySatisfy(m -> assertThat(m)
                .startsWith("bpf_skb_vlan_push is not allowed in xdp programs")).noneMatch(m -> m.contains("bpf_own_util"));
    }
}
