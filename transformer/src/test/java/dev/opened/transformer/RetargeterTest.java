package dev.opened.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.CrawlListener;
import dev.opened.callgraph.CrawlRequest;
import dev.opened.callgraph.Crawler;
import dev.opened.callgraph.FunctionRef;
import dev.opened.callgraph.testing.GitFixtures;
import dev.opened.common.OpenedException;
import dev.opened.extractor.ExtractRequest;
import dev.opened.extractor.Extractor;
import dev.opened.extractor.Makefiles;
import dev.opened.extractor.Manifest;
import dev.opened.extractor.Unit;
import dev.opened.extractor.UnitWriter;

/**
 * Retargeting units extracted from the corpus (crawled from JGit-made repos), with exact
 * expectations on the rewritten lines; every result is built by real clang. Loading them in the
 * kernel is the CLI's end-to-end test (the transformer knows no kernel).
 */
@Tag("clang")
class RetargeterTest {
    @TempDir
    static Path tmp;
    static CallGraph graph;
    static Templates templates;

    @BeforeAll
    static void crawl() {
        graph = CallGraph.open(tmp.resolve("corpus.db"));
        Crawler crawler = new Crawler(graph, tmp.resolve("cache"));
        for (String repo : List.of("lb", "xdp-basics", "tracing")) {
            crawler.crawl(CrawlRequest.of(GitFixtures.corpusRepo(repo, tmp).toString()), CrawlListener.NONE);
        }
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

    static String compile(Unit unit, String name) throws Exception {
        Path dir = UnitWriter.write(unit.files(), tmp.resolve("out").resolve(name), false);
        List<String> cmd = new ArrayList<>(Makefiles.clangCommand(unit.manifest()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(2, TimeUnit.MINUTES);
        return p.exitValue() == 0 ? null : out;
    }

    static String line(String text, int line) {
        return text.lines().toList().get(line - 1);
    }

    @Test
    void xdpToTcRewritesSectionContextFieldsAndReturnCodes() throws Exception {
        Retargeter.Result r = retarget("xdp_meta_prog@xdp-basics", "tc");
        assertThat(r.errors()).isEmpty();
        String c = r.unit().source();
        Manifest m = r.unit().manifest();
        Manifest.EntryProgram ep = m.entryPrograms().get(0);
        assertThat(ep.section()).isEqualTo("tc");
        assertThat(ep.programType()).isEqualTo("sched_cls");
        assertThat(line(c, ep.line())).isEqualTo("SEC(\"tc\")");
        assertThat(line(c, ep.line() + 1)).isEqualTo("int xdp_meta_prog(struct __sk_buff *ctx)");
        assertThat(c).contains("\tvoid *meta = (void *)(long)ctx->data_meta;\n")
                .contains("\tkey.ifindex = ctx->ingress_ifindex;\n")
                .contains("\tkey.queue = ctx->queue_mapping;\n")
                .contains("\t\treturn TC_ACT_SHOT;\n")
                .contains("\treturn TC_ACT_OK;\n")
                .contains("#include <linux/pkt_cls.h>\n")
                .doesNotContain("XDP_").doesNotContain("rx_queue_index");
        // comments and layout of everything else are kept
        assertThat(c).contains("\t/* a metadata area, when the driver gave one, must end where the packet starts */\n");
        assertThat(m.hook()).isEqualTo("tc");
        assertThat(m.retarget().from()).isEqualTo("xdp");
        assertThat(m.retarget().to()).isEqualTo("sched_cls");
        assertThat(m.retarget().rules()).extracting(Manifest.Rule::rule).contains("section \"xdp\" -> \"tc\"",
                "context struct xdp_md -> struct __sk_buff", "context field rx_queue_index -> queue_mapping",
                "return code XDP_ABORTED -> TC_ACT_SHOT", "return code XDP_PASS -> TC_ACT_OK");
        for (Manifest.Rule rule : m.retarget().rules()) {
            assertThat(m.retarget().changedLines()).contains(rule.line());
        }
        assertThat(r.unit().files().get("Makefile")).contains("tc filter add dev $(DEV) ingress bpf da obj $(OBJ) sec tc");
        assertThat(compile(r.unit(), "meta-tc")).isNull();
    }

    @Test
    void tcToXdpRewritesTheProgramAndTheDuplicateHelperItCalls() throws Exception {
        Retargeter.Result r = retarget("healthcheck_encap@lb", "xdp");
        assertThat(r.errors()).isEmpty();
        String c = r.unit().source();
        assertThat(c).contains("SEC(\"xdp\")\nint healthcheck_encap(struct xdp_md *skb)\n")
                .contains("\tvoid *data = (void *)(long)skb->data;\n")
                .contains("\t\treturn XDP_PASS;\n").contains("\t\treturn XDP_DROP;\n")
                .doesNotContain("TC_ACT_");
        assertThat(r.unit().files().get("Makefile")).contains("ip link set dev $(DEV) xdpgeneric obj $(OBJ) sec xdp");
        assertThat(compile(r.unit(), "hc-xdp")).isNull();
    }

    @Test
    void anSkbFieldXdpLacksBecomesAReadOfThePacket() throws Exception {
        Retargeter.Result r = retarget("tc_count_ipv4@lb", "xdp");
        assertThat(r.errors()).isEmpty();
        assertThat(r.unit().source()).contains("\tif (({ struct ethhdr *opened_eth = (void *)(long)skb->data; "
                + "(void *)(opened_eth + 1) <= (void *)(long)skb->data_end ? opened_eth->h_proto : 0; }) != bpf_htons(ETH_P_IP))\n")
                .contains("#include <linux/if_ether.h>\n");
        assertThat(compile(r.unit(), "count-xdp")).isNull();
    }

    @Test
    void helpersWithACounterpartAreRewritten() throws Exception {
        Retargeter.Result r = retarget("xdp_tail_trim_prog@xdp-basics", "tc");
        assertThat(r.errors()).isEmpty();
        assertThat(r.unit().source()).contains("\tif (bpf_skb_change_tail(ctx, ctx->len + (-TRAILER_LEN), 0))\n");
        assertThat(compile(r.unit(), "tail-tc")).isNull();
    }

    @Test
    void kprobeToFentryRewritesRegistersToTypedArguments() throws Exception {
        Retargeter.Result plain = retarget("trace_openat2@tracing", "fentry");
        assertThat(plain.errors()).isEmpty();
        String c = plain.unit().source();
        assertThat(c).contains("SEC(\"fentry/do_sys_openat2\")\nint trace_openat2(unsigned long long *ctx)\n")
                .contains("\tint dfd = (int)ctx[0];\n")
                .contains("static __always_inline void emit_open(unsigned long long *ctx, int dfd, int flags)");
        assertThat(compile(plain.unit(), "openat-fentry")).isNull();
        Retargeter.Result macro = retarget("do_unlinkat@tracing", "fentry");
        assertThat(macro.errors()).isEmpty();
        assertThat(macro.unit().source()).contains("SEC(\"fentry/do_unlinkat\")\nint BPF_PROG(do_unlinkat, int dfd, struct filename *name)\n");
        assertThat(compile(macro.unit(), "unlink-fentry")).isNull();
    }

    @Test
    void wrappedHelpersOfPureHeadersAndArrayParametersCompile() throws Exception {
        // katran's jhash.h (nothing in the unit defines SEC) and netobserv's u8 events[N][LEN] parameter
        java.nio.file.Path repo = GitFixtures.repo(tmp.resolve("pure"), java.util.Map.of(
                "inc/fold.h", "#ifndef FOLD_H\n#define FOLD_H\nstatic inline unsigned int fold(unsigned int a, unsigned int b)\n"
                        + "{\n\treturn (a << 3) ^ (b >> 2);\n}\n#define ROWS 4\n#define ROW_LEN 8\n"
                        + "static inline int row_of(unsigned char rows[ROWS][ROW_LEN], unsigned char *key)\n{\n"
                        + "\tfor (int i = 0; i < ROWS; i++)\n\t\tif (rows[i][0] == *key)\n\t\t\treturn i;\n\treturn -1;\n}\n#endif\n",
                "prog.c", "#include <linux/bpf.h>\n#define SEC(n) __attribute__((section(n), used))\n#include \"inc/fold.h\"\n"
                        + "SEC(\"xdp\") int fold_prog(struct xdp_md *ctx)\n{\n\tunsigned char rows[ROWS][ROW_LEN] = {};\n"
                        + "\tunsigned char k = 1;\n\treturn fold(ctx->data, ctx->data_end) + row_of(rows, &k) ? XDP_PASS : XDP_DROP;\n}\n"
                        + "char _license[] SEC(\"license\") = \"GPL\";\n"));
        new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
        Retargeter.Result fold = retarget("fold@pure", "xdp");
        assertThat(fold.errors()).isEmpty();
        assertThat(compile(fold.unit(), "fold-xdp")).isNull();
        Retargeter.Result rows = retarget("row_of@pure", "tc");
        assertThat(rows.errors()).isEmpty();
        assertThat(rows.unit().source()).contains("\tunsigned char v_rows[ROWS][ROW_LEN] = {};\n");
        assertThat(compile(rows.unit(), "rows-tc")).isNull();
    }

    @Test
    void helperFunctionsGetAnEntryProgramForTheHook() throws Exception {
        Retargeter.Result xdp = retarget("parse_ethhdr@xdp-basics", "xdp");
        assertThat(xdp.errors()).isEmpty();
        String c = xdp.unit().source();
        assertThat(c).contains("SEC(\"xdp\")\nint opened_parse_ethhdr_xdp(struct xdp_md *ctx)\n")
                .contains("\tif (data + 256 > data_end)\n\t\treturn XDP_PASS;\n\tstruct hdr_cursor v_nh = { .pos = data };\n")
                .contains("\tstruct ethhdr * v_ethhdr = 0;\n")
                .contains("\tvolatile long opened_ret = (long)parse_ethhdr(&v_nh, data_end, &v_ethhdr);\n")
                .contains("\treturn XDP_PASS;\n");
        assertThat(xdp.unit().manifest().entryPrograms()).extracting(Manifest.EntryProgram::name)
                .contains("opened_parse_ethhdr_xdp");
        assertThat(compile(xdp.unit(), "ethhdr-xdp")).isNull();

        Retargeter.Result tc = retarget("xdp_stats_record_action@xdp-basics", "tc");
        assertThat(tc.errors()).isEmpty();
        assertThat(tc.unit().source())
                .contains("static __always_inline __u32 xdp_stats_record_action(struct __sk_buff *ctx, __u32 action)")
                .contains("\t\treturn TC_ACT_SHOT;\n")
                .contains("xdp_stats_record_action(ctx, 0)").contains("return TC_ACT_OK;");
        assertThat(compile(tc.unit(), "stats-tc")).isNull();
        Retargeter.Result eth = retarget("parse_eth@lb", "tc");
        assertThat(eth.unit().source()).contains("\t__u16 v_proto = 0;\n").contains("\t__u64 v_off = 0;\n")
                .contains("parse_eth(data, data_end, &v_proto, &v_off)");
        assertThat(compile(eth.unit(), "eth-tc")).isNull();
    }

    @Test
    void cgroupAndSocketHooks() throws Exception {
        Retargeter.Result cg = retarget("xdp_parser_prog@xdp-basics", "cgroup_skb/ingress");
        assertThat(cg.errors()).isEmpty();
        assertThat(cg.unit().source()).contains("SEC(\"cgroup_skb/ingress\")\nint xdp_parser_prog(struct __sk_buff *ctx)\n");
        assertThat(cg.unit().files().get("Makefile")).contains("$(BPFTOOL) cgroup attach $(CGROUP) ingress pinned $(PIN)");
        assertThat(compile(cg.unit(), "parser-cgroup")).isNull();
        Retargeter.Result wrapped = retarget("update_stats@lb", "cgroup_skb/egress");
        assertThat(wrapped.errors()).isEmpty();
        assertThat(wrapped.unit().source()).contains("SEC(\"cgroup_skb/egress\")\nint opened_update_stats_cgroup_skb(struct __sk_buff *ctx)")
                .contains("\treturn 1;\n");
        assertThat(compile(wrapped.unit(), "stats-cgroup")).isNull();
        // a socket filter has no packet pointers in its context: a parser that needs them does not fit
        Retargeter.Result socket = retarget("parse_eth@lb", "socket");
        assertThat(socket.errors()).extracting(Diagnostic::message)
                .anyMatch(m -> m.startsWith("parse_eth takes packet pointers (data), and a socket program has no packet"));
        Retargeter.Result socketOk = retarget("update_stats@lb", "socket");
        assertThat(socketOk.errors()).isEmpty();
        assertThat(compile(socketOk.unit(), "stats-socket")).isNull();
    }

    @Test
    void whatCannotBeRewrittenIsAnErrorAtTheLine() throws Exception {
        Retargeter.Result tx = retarget("xdp_icmp_echo_prog@xdp-basics", "tc");
        assertThat(tx.errors()).singleElement().satisfies(d -> {
            assertThat(d.message()).startsWith("XDP_TX has no equivalent in tc (sched_cls)");
            assertThat(line(retargetSource("xdp_icmp_echo_prog@xdp-basics"), d.line()).substring(d.column() - 1))
                    .startsWith("XDP_TX;");
        });
        Diagnostic inRepo = Hookpoints.toSource(tx.unit().manifest(), tx.errors().get(0));
        assertThat(inRepo.file()).isEqualTo("packet02-rewrite/xdp_rewrite_kern.c");
        assertThat(inRepo.line()).isEqualTo(53);
        assertThat(inRepo.column()).isEqualTo(9);

        Retargeter.Result tp = retarget("handle_exec@tracing", "kprobe/do_sys_openat2");
        assertThat(tp.errors()).singleElement().satisfies(d -> assertThat(d.message())
                .startsWith("a tracepoint's context (struct trace_event_raw_sched_process_exec) has no equivalent"));
        assertThat(Hookpoints.toSource(tp.unit().manifest(), tp.errors().get(0)).line()).isEqualTo(22);

        Retargeter.Result field = retarget("xdp_meta_prog@xdp-basics", "socket");
        assertThat(field.errors()).extracting(Diagnostic::message).contains("a socket filter cannot read packet pointers "
                + "from its context; read the packet with bpf_skb_load_bytes (data_meta)");
    }

    @Test
    void forceWritesTheErrorsAsErrorDirectivesWhereTheyStand() {
        Unit unit = new Extractor(graph).extract(new ExtractRequest(FunctionRef.parse("xdp_icmp_echo_prog@xdp-basics").resolve(graph), List.of()));
        Retargeter.Result r = new Retargeter(null, templates).retarget(unit, Hook.parse("tc", null), true);
        assertThat(r.errors()).hasSize(1);
        assertThat(r.unit().source()).contains("#error \"XDP_TX has no equivalent in tc (sched_cls)")
                .containsPattern("#error \"XDP_TX[^\\n]*\\n\\treturn XDP_TX;");
    }

    @Test
    void hooksAreParsedAsLibbpfNamesThemAndBadOnesExplained() {
        assertThat(Hook.parse("tc/egress", null).target()).isEqualTo("egress");
        assertThat(Hook.parse("cgroup_skb/ingress", null).section()).isEqualTo("cgroup_skb/ingress");
        assertThat(Hook.parse("kprobe", "fentry/do_unlinkat").section()).isEqualTo("kprobe/do_unlinkat");
        assertThat(Hook.parse("tracepoint/sched/sched_switch", null).programType()).isEqualTo("tracepoint");
        assertThat(Hook.parse("raw_tp/sched_switch", null).programType()).isEqualTo("raw_tracepoint");
        assertThat(Hook.parse("socket", null).programType()).isEqualTo("socket_filter");
        assertThatThrownBy(() -> Hook.parse("xpd", null)).isInstanceOf(OpenedException.class)
                .hasMessageStartingWith("--hook xpd: not a hook I know; hooks: xdp, tc");
        assertThatThrownBy(() -> Hook.parse("kprobe", "xdp")).hasMessageContaining("kprobe/FN");
    }

    @Test
    void usersOverrideTemplatesWithTheirOwn() throws Exception {
        Path mine = tmp.resolve("my-templates");
        Files.createDirectories(mine.resolve("hooks"));
        Files.writeString(mine.resolve("hooks/xdp.ftl"), "/* my wrapper for ${function} */\nSEC(\"${section}\")\n"
                + "int ${program}(${contextDecl})\n{\n\treturn ${passCode};\n}\n");
        Unit unit = new Extractor(graph).extract(new ExtractRequest(FunctionRef.parse("proto_is_vlan@xdp-basics").resolve(graph), List.of()));
        Retargeter.Result r = new Retargeter(null, new Templates(mine, GitFixtures.projectRoot().resolve("templates")))
                .retarget(unit, Hook.parse("xdp", null), false);
        assertThat(r.unit().source()).contains("/* my wrapper for proto_is_vlan */");
        assertThat(r.unit().files().get("Makefile")).contains("xdpgeneric"); // Makefile.ftl from the project
    }

    private static String retargetSource(String spec) {
        return new Extractor(graph).extract(new ExtractRequest(FunctionRef.parse(spec).resolve(graph), List.of())).source();
    }
}
