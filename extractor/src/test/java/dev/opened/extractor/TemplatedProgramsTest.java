package dev.opened.extractor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.CrawlListener;
import dev.opened.callgraph.CrawlRequest;
import dev.opened.callgraph.Crawler;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.FunctionRef;
import dev.opened.callgraph.testing.GitFixtures;

/**
 * Programs whose names a macro makes: the corpus's {@code templated} repo has one template header
 * ({@code int PROG_NAME(struct xdp_md *ctx)}) and one {@code .c} file per program that names it.
 * Each program is found under its expanded name and from its {@code .c} file, and extracts into a
 * unit that holds that file's macros only and builds, with real clang, into an object whose
 * program has that name.
 */
class TemplatedProgramsTest {
    @TempDir
    static Path tmp;
    static CallGraph graph;

    @BeforeAll
    static void crawl() {
        graph = CallGraph.open(tmp.resolve("corpus.db"));
        new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(GitFixtures.corpusRepo("templated", tmp).toString()),
                CrawlListener.NONE);
    }

    @AfterAll
    static void close() {
        graph.close();
    }

    @ParameterizedTest
    @CsvSource({"xdp_drop_udp, drop_udp.c, udp_counts, IPPROTO_UDP, icmp_counts",
        "xdp_count_icmp, pass_icmp.c, icmp_counts, IPPROTO_ICMP, udp_counts"})
    void eachProgramIsFoundShownAndExtractedFromTheFileThatNamesIt(String name, String namedIn, String map, String proto,
            String otherMap) throws Exception {
        Definition f = FunctionRef.parse(name + "@templated").resolve(graph);
        assertThat(f.path()).isEqualTo("include/filter_prog.h");
        assertThat(f.isProgram()).isTrue();
        assertThat(f.signature()).isEqualTo("SEC(\"xdp\") int " + name + "(struct xdp_md *ctx)");
        assertThat(graph.translationUnitsOf(f)).containsExactly(namedIn);
        assertThat(FunctionRef.parse(name + "@templated:" + namedIn).resolve(graph).id()).isEqualTo(f.id());

        Unit u = new Extractor(graph).extract(new ExtractRequest(f, List.of()));
        String c = u.source();
        assertThat(c).contains("#define PROG_NAME " + name + "\n", "#define COUNTS_MAP " + map + "\n",
                "#define FILTER_PROTO " + proto + "\n", "} COUNTS_MAP SEC(\".maps\");", "int PROG_NAME(struct xdp_md *ctx)",
                "static __always_inline int ipv4_protocol(").doesNotContain(otherMap);
        assertThat(u.manifest().entryPrograms()).extracting(Manifest.EntryProgram::name).containsExactly(name);
        Path dir = UnitWriter.write(u.files(), tmp.resolve("units").resolve(name), false);
        assertThat(ClangRunner.compile(dir, u.manifest())).isNull();
        Process nm = new ProcessBuilder("llvm-nm", dir.resolve(u.manifest().object()).toString())
                .redirectErrorStream(true).start();
        String symbols = new String(nm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(nm.waitFor()).isZero();
        assertThat(symbols).contains(" T " + name + "\n", " D " + map + "\n").doesNotContain(otherMap);
    }
}
