package dev.opened.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.CrawlListener;
import dev.opened.callgraph.CrawlRequest;
import dev.opened.callgraph.Crawler;
import dev.opened.callgraph.FunctionRef;
import dev.opened.callgraph.Repo;
import dev.opened.extractor.ExtractRequest;
import dev.opened.extractor.Extractor;
import dev.opened.extractor.Makefiles;
import dev.opened.extractor.Unit;
import dev.opened.extractor.UnitWriter;

/** Originals compiled by real clang from a real crawl, with the include roots the crawl inferred. */
class OriginalsTest {
    @TempDir
    Path tmp;

    @Test
    void anOriginalFindsThePerArchHeaderTheCrawlInferred() throws Exception {
        // a Makefile's -I$(ARCH): one vmlinux.h per arch, chosen by the host's arch
        String arch = "aarch64".equals(System.getProperty("os.arch")) ? "arm64" : "x86";
        String other = arch.equals("x86") ? "arm64" : "x86";
        Path dir = tmp.resolve("perarch");
        Map<String, String> files = Map.of(
                "headers/" + arch + "/vmlinux.h", "#ifndef VMLINUX_H\n#define VMLINUX_H\ntypedef unsigned int u32;\n"
                        + "struct xdp_md { u32 data; u32 data_end; };\n#endif\n",
                "headers/" + other + "/vmlinux.h", "#error the other arch's types\n",
                "src/prog.c", "#include \"vmlinux.h\"\n#define SEC(n) __attribute__((section(n), used))\n"
                        + "SEC(\"xdp\") int arch_prog(struct xdp_md *ctx) { return ctx->data ? 2 : 1; }\n"
                        + "char _license[] SEC(\"license\") = \"GPL\";\n");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.createDirectories(dir.resolve(f.getKey()).getParent());
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        try (CallGraph graph = CallGraph.open(tmp.resolve("g.db"))) {
            new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(dir.toString()), CrawlListener.NONE);
            Repo repo = graph.repos().get(0);
            java.util.Map<String, String> texts = new java.util.HashMap<>();
            files.keySet().forEach(f -> texts.put(f, graph.content(repo.name(), f)));
            assertThat(graph.includeSearch(repo.name(), texts).dirs()).containsExactly("headers/" + arch);
            try (Originals originals = new Originals(graph, repo)) {
                Originals.Result r = originals.compile("src/prog.c", tmp.resolve("out/prog.o"));
                assertThat(r.firstError()).isNull();
                assertThat(r.object()).exists();
            }
        }
    }

    @Test
    void anOriginalCompilesAgainstTheLibbpfItsRepoVendors() throws Exception {
        // the program uses a macro only the submodule's libbpf has: against the system's it fails
        Path sup = dev.opened.callgraph.testing.VendoredLibbpf.superproject(tmp.resolve("sup"),
                dev.opened.callgraph.testing.VendoredLibbpf.libbpf(tmp.resolve("libbpf")));
        try (CallGraph graph = CallGraph.open(tmp.resolve("v.db"))) {
            new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(sup.toString()), CrawlListener.NONE);
            Repo repo = graph.repos().get(0);
            try (Originals originals = new Originals(graph, repo)) {
                Originals.Result r = originals.compile("prog.bpf.c", tmp.resolve("out/prog.o"));
                assertThat(r.firstError()).as(r.output()).isNull();
                assertThat(r.object()).exists();
            }
        }
    }

    @Test
    void aCallWithoutADeclarationIsAWarningForTheOriginalAndItsUnit() throws Exception {
        // katran's decap style: the active program calls a function defined only under another -D
        Path dir = tmp.resolve("undeclared");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/decap.c"), "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n"
                + "#ifdef WITH_SERVER_IDS\nstatic __always_inline int server_id_of(struct xdp_md *ctx)\n{\n\treturn ctx->data;\n}\n#endif\n"
                + "SEC(\"xdp\") int decap_prog(struct xdp_md *ctx)\n{\n\tif (ctx->data_end < ctx->data)\n"
                + "\t\treturn server_id_of(ctx);\n\treturn XDP_PASS;\n}\nchar _license[] SEC(\"license\") = \"GPL\";\n");
        try (CallGraph graph = CallGraph.open(tmp.resolve("g.db"))) {
            new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(dir.toString()), CrawlListener.NONE);
            Repo repo = graph.repos().get(0);
            try (Originals originals = new Originals(graph, repo)) {
                Originals.Result r = originals.compile("src/decap.c", tmp.resolve("out/decap.o"));
                assertThat(r.firstError()).isNull();
                assertThat(r.output()).contains("implicit declaration of function 'server_id_of'");
            }
            Unit u = new Extractor(graph).extract(new ExtractRequest(
                    FunctionRef.parse("decap_prog@" + repo.name()).resolve(graph), List.of()));
            assertThat(u.manifest().cflags()).contains(Originals.AS_REPOSITORIES_BUILD);
            Path unitDir = UnitWriter.write(u.files(), tmp.resolve("unit"), false);
            Process clang = new ProcessBuilder(Makefiles.clangCommand(u.manifest())).directory(unitDir.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(clang.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(clang.waitFor()).as(out).isZero();
        }
    }
}
