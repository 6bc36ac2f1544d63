package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** Include directories a repository's build knows, inferred from its files alone (no parser). */
class IncludeRootsTest {
    private static final List<String> SYSTEM = List.of("/usr/include", "/usr/include/x86_64-linux-gnu");

    private static List<String> dirs(Map<String, String> files, List<String> given, String arch) {
        return IncludeRoots.infer(new TreeMap<>(files), given, SYSTEM, arch).stream().map(IncludeRoots.Inferred::dir).toList();
    }

    @Test
    void anAngleIncludeThatOnlyTheRepoHasGivesItsRoot() {
        // as a CMake -I would: <helpers/common.h> lives under src/
        Map<String, String> files = Map.of("src/prog.bpf.c", "#include <linux/bpf.h>\n#include <helpers/common.h>\n",
                "src/helpers/common.h", "#define X 1\n");
        assertThat(dirs(files, List.of(), "amd64")).containsExactly("src");
        List<IncludeRoots.Inferred> why = IncludeRoots.infer(new TreeMap<>(files), List.of(), SYSTEM, "amd64");
        assertThat(why.get(0).why()).isEqualTo("-Isrc inferred: <helpers/common.h> in src/prog.bpf.c resolves only to "
                + "src/helpers/common.h");
    }

    @Test
    void whatResolvesAlreadyAddsNothing() {
        Map<String, String> files = Map.of("prog.c", "#include <linux/bpf.h>\n#include \"own.h\"\n#include <lib/x.h>\n",
                "own.h", "", "inc/lib/x.h", "");
        // system headers, the file's own directory, and a given -I
        assertThat(dirs(files, List.of("inc"), "amd64")).isEmpty();
    }

    @Test
    void perArchCopiesAreChosenByTheHostsArch() {
        Map<String, String> files = Map.of("tools/prog.bpf.c", "#include \"vmlinux.h\"\n",
                "tools/x86/vmlinux.h", "", "tools/arm64/vmlinux.h", "", "tools/powerpc/vmlinux.h", "");
        assertThat(dirs(files, List.of(), "amd64")).containsExactly("tools/x86");
        assertThat(dirs(files, List.of(), "aarch64")).containsExactly("tools/arm64");
    }

    @Test
    void aCrawlParsesWithTheInferredRootAndSaysSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        java.nio.file.Path repo = dev.opened.callgraph.testing.GitFixtures.repo(tmp.resolve("cmake-style"), Map.of(
                "bpf/prog.bpf.c", "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n#include <helpers/limits.h>\n"
                        + "SEC(\"xdp\")\nint limited(struct xdp_md *ctx)\n{\n\treturn below_limit(ctx->ingress_ifindex) ? XDP_PASS : XDP_DROP;\n}\n"
                        + "char LICENSE[] SEC(\"license\") = \"GPL\";\n",
                "src/helpers/limits.h", "#ifndef LIMITS_H\n#define LIMITS_H\n#define LIMIT 8\n"
                        + "static __always_inline int below_limit(unsigned int v)\n{\n\treturn v < LIMIT;\n}\n#endif\n"));
        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            CrawlSummary s = new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
            assertThat(s.notes()).containsExactly("-Isrc inferred: <helpers/limits.h> in bpf/prog.bpf.c resolves only to "
                    + "src/helpers/limits.h");
            assertThat(graph.problems("cmake-style")).isEmpty();
            Definition prog = graph.functions("cmake-style", null, "limited").get(0);
            assertThat(graph.referencesFrom(prog.id()).stream().map(r -> graph.definition(r.toId()).name()))
                    .contains("below_limit");
        }
    }

    @Test
    void anAmbiguousIncludeInfersNothing() {
        Map<String, String> files = Map.of("prog.c", "#include <cfg/limits.h>\n", "a/cfg/limits.h", "", "b/cfg/limits.h", "");
        assertThat(dirs(files, List.of(), "amd64")).isEmpty();
    }

    @Test
    void theReposOwnRootsComeBeforeTheVendoredLibbpfAndASubmodulesRoots() {
        // bpf-examples: <xdp/parsing_helpers.h> is its own include/xdp/, which the vendored xdp-tools
        // submodule also has; first needed through the submodule's name, it must still come second
        Map<String, String> files = new TreeMap<>(Map.of(
                "a/prog.c", "#include <xdp/xsk.h>\n",
                "b/kern.c", "#include <xdp/context_helpers.h>\n#include <xdp/parsing_helpers.h>\n",
                "include/xdp/context_helpers.h", "", "include/xdp/parsing_helpers.h", "",
                "lib/xdp-tools/headers/xdp/xsk.h", "", "lib/xdp-tools/headers/xdp/parsing_helpers.h", "",
                "lib/libbpf/src/libbpf.h", "", "lib/libbpf/src/bpf_helpers.h", "", "lib/libbpf/src/bpf_helper_defs.h", ""));
        List<String> submodules = List.of("lib/libbpf", "lib/xdp-tools");
        List<IncludeRoots.Inferred> inferred = IncludeRoots.infer(files, List.of(), SYSTEM, "amd64", submodules);
        assertThat(inferred).extracting(IncludeRoots.Inferred::dir).containsExactly("lib/xdp-tools/headers", "include");
        assertThat(IncludeRoots.vendoredLibbpf(files.keySet())).isEqualTo("lib/libbpf/src");
        assertThat(IncludeRoots.searchOrder(List.of("given"), inferred, true, submodules))
                .containsExactly("given", "include", IncludeRoots.INSTALLED, "lib/xdp-tools/headers");
    }
}
