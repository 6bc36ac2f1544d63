package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.opened.callgraph.testing.GitFixtures;

/** {@code opened extract} as a user runs it, on the corpus's lb repo made into a git repo. */
class ExtractVerbTest {
    @TempDir
    static Path tmp;
    static Path db;
    static Path repo;

    @BeforeAll
    static void crawl() {
        repo = GitFixtures.corpusRepo("lb", tmp);
        db = tmp.resolve("cg.db");
        assertThat(Cli.run(db, "crawl", repo.toString()).exit()).isZero();
    }

    @Test
    void extractWritesTheUnitAndSaysWhere() {
        Path out = tmp.resolve("out1");
        Cli.Run run = Cli.run(db, "extract", "healthcheck_encap@lb", "-o", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(out + "/healthcheck_encap.c: healthcheck_encap@lb:healthcheck.c with "
                + (run.out().replaceAll(".* with (\\d+) .*\\n", "$1")) + " definitions it needs\n");
        assertThat(out.resolve("healthcheck_encap.c")).exists();
        assertThat(out.resolve("Makefile")).exists();
        JsonObject m = JsonParser.parseString(readString(out.resolve("opened.json"))).getAsJsonObject();
        assertThat(m.get("function").getAsString()).isEqualTo("healthcheck_encap");
        assertThat(m.get("programType").getAsString()).isEqualTo("sched_cls");
    }

    @Test
    void extractAtAFileLineFindsTheFunctionAround() {
        Path out = tmp.resolve("out-at");
        Cli.Run run = Cli.run(db, "extract", "--at", repo.resolve("balancer.c") + ":70", "-o", out.toString(),
                "--format", "json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonObject o = JsonParser.parseString(run.out()).getAsJsonObject();
        assertThat(o.getAsJsonObject("manifest").get("function").getAsString()).isEqualTo("pick_real");
        Cli.Run nowhere = Cli.run(db, "extract", "--at", tmp.resolve("elsewhere.c") + ":3");
        assertThat(nowhere.exit()).isEqualTo(2);
        assertThat(nowhere.err()).contains("not inside any crawled repo");
        Cli.Run blank = Cli.run(db, "extract", "--at", repo.resolve("balancer.c") + ":1");
        assertThat(blank.exit()).isEqualTo(2);
        assertThat(blank.err()).contains("balancer.c:1:1: error: no function here");
    }

    @Test
    void badInputIsOneLineExitTwoAndWritesNothing() throws Exception {
        Path out = tmp.resolve("never");
        Cli.Run typo = Cli.run(db, "extract", "balancer_ingres@lb", "-o", out.toString());
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).isEqualTo("opened extract: no function 'balancer_ingres' in lb; did you mean balancer_ingress@lb?\n");
        Cli.Run ambiguous = Cli.run(db, "extract", "process_l3_headers@lb", "-o", out.toString());
        assertThat(ambiguous.exit()).isEqualTo(2);
        assertThat(ambiguous.err()).contains("ambiguous").contains("process_l3_headers@lb:balancer.c:41")
                .contains("process_l3_headers@lb:healthcheck.c:30");
        Cli.Run never = Cli.run(db, "extract", "parse_udp@katran", "-o", out.toString());
        assertThat(never.exit()).isEqualTo(2);
        assertThat(never.err()).contains("repo 'katran' was never crawled");
        assertThat(out).doesNotExist();

        Path mine = tmp.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("keep.c"), "int keep;\n");
        Cli.Run exists = Cli.run(db, "extract", "pick_real@lb", "-o", mine.toString());
        assertThat(exists.exit()).isEqualTo(2);
        assertThat(exists.err()).isEqualTo("opened extract: " + mine + " exists and is not empty; give another -o, or --force to write over it\n");
        try (var s = Files.list(mine)) {
            assertThat(s.count()).isEqualTo(1);
        }
        assertThat(Cli.run(db, "extract", "pick_real@lb", "-o", mine.toString(), "--force").exit()).isZero();
        assertThat(mine.resolve("keep.c")).hasContent("int keep;");
        assertThat(mine.resolve("pick_real.c")).exists();
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aWrappedHelperGetsItsContextWhereTheRepoCarriesItsOwnUapiCopy() throws Exception {
        // as katran's lib/linux_includes/bpf.h: the repo's own copy of the UAPI header, of which the
        // unit takes only what the function uses, so struct xdp_md and XDP_PASS were missing
        Path own = dev.opened.callgraph.testing.GitFixtures.repo(tmp.resolve("own-uapi"), java.util.Map.of(
                "include/bpf.h", "#ifndef OWN_BPF_H\n#define OWN_BPF_H\n#include <linux/types.h>\n"
                        + "#define SEC(n) __attribute__((section(n), used))\n"
                        + "struct xdp_md { __u32 data; __u32 data_end; __u32 data_meta; __u32 ingress_ifindex; "
                        + "__u32 rx_queue_index; __u32 egress_ifindex; };\n"
                        + "enum xdp_action { XDP_ABORTED = 0, XDP_DROP, XDP_PASS, XDP_TX, XDP_REDIRECT };\n#endif\n",
                "prog.c", "#include \"include/bpf.h\"\n"
                        + "static __attribute__((always_inline)) inline int short_frame(void *data, void *data_end)\n"
                        + "{\n\treturn data + 14 > data_end;\n}\n"
                        + "SEC(\"xdp\")\nint keep_long(struct xdp_md *ctx)\n{\n"
                        + "\treturn short_frame((void *)(long)ctx->data, (void *)(long)ctx->data_end) ? XDP_DROP : XDP_PASS;\n}\n"
                        + "char LICENSE[] SEC(\"license\") = \"GPL\";\n"));
        assertThat(Cli.run(db, "crawl", own.toString()).exit()).isZero();
        for (String hook : new String[] {"xdp", "tc"}) {
            Path out = tmp.resolve("wrapped-" + hook);
            Cli.Run r = Cli.run(db, "retarget", "short_frame@own-uapi", "--hook", hook, "-o", out.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(Files.readString(out.resolve("short_frame.c"))).contains("/* Added by OPENED: the entry program's context");
            Cli.Run built = Cli.run(db, "build", out.toString());
            assertThat(built.exit()).as(hook + ": " + built.err()).isZero();
        }
    }
}
