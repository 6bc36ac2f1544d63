package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.opened.callgraph.testing.GitFixtures;

/** {@code opened crawl} and the query verbs on a real git repo made with JGit, run as a user runs them. */
class CallGraphVerbsTest {
    @TempDir
    static Path tmp;
    static Path db;
    static Cli.Run crawl;

    static final String HDR = """
            #ifndef PARSE_H
            #define PARSE_H
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>
            struct hdr { __u8 proto; };
            struct {
              __uint(type, BPF_MAP_TYPE_ARRAY);
              __type(key, __u32);
              __type(value, __u64);
              __uint(max_entries, 4);
            } hits SEC(".maps");
            static __always_inline int parse(void *data, void *end) { return data + sizeof(struct hdr) > end; }
            #endif
            """;

    static final String PROG = """
            // SPDX-License-Identifier: GPL-2.0
            #include "parse.h"
            SEC("xdp") int xdp_count(struct xdp_md *ctx)
            {
                __u32 k = 0;
                __u64 *v = bpf_map_lookup_elem(&hits, &k);
                if (v)
                    __sync_fetch_and_add(v, 1);
                return parse((void *)(long)ctx->data, (void *)(long)ctx->data_end) ? XDP_DROP : XDP_PASS;
            }
            char LICENSE[] SEC("license") = "GPL";
            """;

    @BeforeAll
    static void crawlOnce() {
        Path repo = GitFixtures.repo(tmp.resolve("mini"), Map.of("parse.h", HDR, "prog.c", PROG));
        db = tmp.resolve("cg.db");
        crawl = Cli.run(db, "crawl", repo.toString());
    }

    @Test
    void crawlPrintsOneSummaryLine() {
        assertThat(crawl.exit()).isZero();
        assertThat(crawl.out()).matches("mini@[0-9a-f]{12}: 2 files, 2 functions, 1 calls, 1 maps, 0 problems, 1 parsed, 0 reused, [0-9.]+ s\\n");
        Cli.Run again = Cli.run(db, "crawl", tmp.resolve("mini").toString());
        assertThat(again.out()).contains("0 parsed").contains("(up to date)");
    }

    @Test
    void reposAndFuncsInJson() {
        JsonArray repos = JsonParser.parseString(Cli.run(db, "repos", "--format", "json").out()).getAsJsonArray();
        assertThat(repos.get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("mini");
        Cli.Run funcs = Cli.run(db, "funcs", "--section", "xdp*", "--format", "json");
        JsonArray arr = JsonParser.parseString(funcs.out()).getAsJsonArray();
        assertThat(arr).hasSize(1);
        assertThat(arr.get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("xdp_count");
        assertThat(arr.get(0).getAsJsonObject().get("programType").getAsString()).isEqualTo("xdp");
        assertThat(Cli.run(db, "funcs", "par*").out()).contains("parse@mini").doesNotContain("xdp_count");
    }

    @Test
    void showGivesTheNeighbourhood() {
        Cli.Run show = Cli.run(db, "show", "xdp_count@mini", "--format", "json");
        assertThat(show.exit()).isZero();
        JsonObject o = JsonParser.parseString(show.out()).getAsJsonObject();
        assertThat(o.get("path").getAsString()).isEqualTo("prog.c");
        assertThat(o.get("startLine").getAsInt()).isEqualTo(3);
        assertThat(o.get("section").getAsString()).isEqualTo("xdp");
        assertThat(o.getAsJsonArray("callees").get(0).getAsString()).isEqualTo("parse (parse.h:12)");
        assertThat(o.getAsJsonArray("helpers").get(0).getAsString()).isEqualTo("bpf_map_lookup_elem");
        assertThat(o.getAsJsonArray("maps").get(0).getAsJsonObject().get("access").getAsString()).isEqualTo("read");
        assertThat(o.get("license").getAsString()).isEqualTo("GPL-2.0");
        assertThat(o.get("licenseSection").getAsString()).isEqualTo("GPL");
        assertThat(Cli.run(db, "show", "xdp_count@mini").out()).contains("license   GPL-2.0  (license section \"GPL\")");
        assertThat(Cli.run(db, "callers", "parse@mini").out()).startsWith("xdp_count").contains("prog.c:9");
        assertThat(Cli.run(db, "callees", "xdp_count@mini", "--depth", "2").out()).isEqualTo("parse  parse.h:12\n");
        assertThat(Cli.run(db, "maps").out()).contains("hits@mini").contains("BPF_MAP_TYPE_ARRAY").contains("readers: xdp_count");
    }

    @Test
    void badInputGetsOneLineAndExitTwo() {
        Cli.Run typo = Cli.run(db, "show", "xdp_cuont@mini");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).isEqualTo("opened show: no function 'xdp_cuont' in mini; did you mean xdp_count@mini?\n");
        Cli.Run never = Cli.run(db, "callers", "parse@katran");
        assertThat(never.exit()).isEqualTo(2);
        assertThat(never.err()).contains("repo 'katran' was never crawled");
        Cli.Run nodb = Cli.run(tmp.resolve("none.db"), "funcs");
        assertThat(nodb.exit()).isEqualTo(2);
        assertThat(nodb.err()).contains("no call graph here; run 'opened crawl SOURCE' first");
        assertThat(tmp.resolve("none.db")).doesNotExist();
        Cli.Run missing = Cli.run(db, "crawl", tmp.resolve("no/such/dir").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file or directory");
        assertThat(Cli.run(db, "callees", "xdp_count@mini", "--depth", "x").exit()).isEqualTo(2);
        assertThat(Cli.run(db, "frobnicate").err()).contains("is not a verb");
        assertThat(Cli.run(db, "funcs", "--format", "yaml").exit()).isEqualTo(2);
    }

    @Test
    void helpListsEveryVerb() {
        String help = Cli.run(null, "help").out();
        for (String verb : List.of("crawl", "repos", "funcs", "show", "callers", "callees", "maps", "problems")) {
            assertThat(help).contains("  " + verb + " ");
        }
    }
}
