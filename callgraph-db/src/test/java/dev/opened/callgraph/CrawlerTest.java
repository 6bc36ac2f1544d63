package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/** One crawl of a real git repo made with JGit, then exact expectations on the graph. */
class CrawlerTest {
    @TempDir
    static Path tmp;
    static CallGraph graph;
    static CrawlSummary summary;

    @BeforeAll
    static void crawl() {
        Path repo = GitFixtures.repo(tmp.resolve("fix"), Fixture.files());
        graph = CallGraph.open(tmp.resolve("cg.db"));
        summary = new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
    }

    @AfterAll
    static void close() {
        graph.close();
    }

    private static Definition fn(String name, String path) {
        return graph.lookup(name, "fix", path, DefinitionKind.FUNCTION).matches().stream()
                .filter(Definition::active).findFirst().orElseThrow();
    }

    private static List<String> targets(Definition from, ReferenceKind kind) {
        return graph.referencesFrom(from.id()).stream().filter(r -> r.kind() == kind)
                .map(r -> graph.definition(r.toId())).map(d -> d.name() + "@" + d.path() + ":" + d.startLine()).toList();
    }

    @Test
    void summaryCountsWhatWasCrawled() {
        assertThat(summary.repo()).isEqualTo("fix");
        assertThat(summary.files()).isEqualTo(3);
        assertThat(summary.parsed()).isEqualTo(2);
        assertThat(summary.functions()).isEqualTo(7);
        assertThat(summary.maps()).isEqualTo(1);
        assertThat(summary.problems()).isZero();
        assertThat(summary.commit()).matches("[0-9a-f]{40}");
    }

    @Test
    void callsCrossIntoHeaders() {
        assertThat(targets(fn("xdp_main", "prog.c"), ReferenceKind.CALL))
                .contains("helper@include/defs.h:19", "dup@prog.c:9");
    }

    @Test
    void duplicateNamesResolvePerTranslationUnit() {
        assertThat(targets(fn("xdp_main", "prog.c"), ReferenceKind.CALL)).contains("dup@prog.c:9")
                .doesNotContain("dup@other.c:2");
        assertThat(targets(fn("tc_main", "other.c"), ReferenceKind.CALL)).containsExactly("dup@other.c:2");
    }

    @Test
    void guardsAreRecordedWithTheirBranch() {
        List<Definition> feats = graph.lookup("feat", "fix", "prog.c", DefinitionKind.FUNCTION).matches();
        assertThat(feats).hasSize(2);
        Definition ifBranch = feats.get(0);
        Definition elseBranch = feats.get(1);
        assertThat(ifBranch.active()).isFalse();
        assertThat(ifBranch.guards()).singleElement().satisfies(g -> {
            assertThat(g.directives()).containsExactly("#ifdef FEATURE_X");
            assertThat(g.macros()).containsExactly("FEATURE_X");
            assertThat(g.line()).isEqualTo(4);
            assertThat(g.taken()).isFalse();
        });
        assertThat(elseBranch.active()).isTrue();
        assertThat(elseBranch.guards().get(0).directives()).containsExactly("#ifdef FEATURE_X", "#else");
        // both branches are linked from the caller, so an extract can keep either
        assertThat(targets(fn("xdp_main", "prog.c"), ReferenceKind.CALL)).contains("feat@prog.c:5", "feat@prog.c:7");
        // the include guard of defs.h is not a condition
        assertThat(fn("helper", "include/defs.h").guards()).isEmpty();
    }

    @Test
    void sectionsAreReadAfterMacroExpansion() {
        Definition xdp = fn("xdp_main", "prog.c");
        assertThat(xdp.section()).isEqualTo("xdp");
        assertThat(xdp.programType()).isEqualTo("xdp");
        assertThat(xdp.signature()).isEqualTo("SEC(PROG_SEC) int xdp_main(struct xdp_md *ctx)");
        assertThat(targets(xdp, ReferenceKind.MACRO)).contains("PROG_SEC@include/defs.h:6");
        Definition tc = fn("tc_main", "other.c");
        assertThat(tc.programType()).isEqualTo("sched_cls");
        assertThat(graph.lookup("_license", "fix", null, null).single().section()).isEqualTo("license");
    }

    @Test
    void mapsHaveAttributesReadersAndUpdaters() {
        MapDef counts = graph.maps("fix").get(0);
        assertThat(counts.definition().name()).isEqualTo("counts");
        assertThat(counts.style()).isEqualTo("btf");
        assertThat(counts.mapType()).isEqualTo("BPF_MAP_TYPE_HASH");
        assertThat(counts.keyType()).isEqualTo("struct key");
        assertThat(counts.valueType()).isEqualTo("__u64");
        assertThat(counts.maxEntries()).isEqualTo(64L);
        Definition xdp = fn("xdp_main", "prog.c");
        assertThat(targets(xdp, ReferenceKind.MAP_READ)).containsExactly("counts@include/defs.h:13");
        assertThat(targets(xdp, ReferenceKind.MAP_UPDATE)).containsExactly("counts@include/defs.h:13");
        // the map's key type is a reference of the map
        assertThat(targets(counts.definition(), ReferenceKind.TYPE)).contains("key@include/defs.h:9");
        assertThat(targets(counts.definition(), ReferenceKind.MACRO)).contains("MAX_ALL@include/defs.h:8");
    }

    @Test
    void typesMacrosAndHelpers() {
        Definition helper = fn("helper", "include/defs.h");
        assertThat(targets(helper, ReferenceKind.TYPE)).containsExactly("key_t@include/defs.h:11");
        Definition keyT = graph.lookup("key_t", "fix", null, DefinitionKind.TYPEDEF).single();
        assertThat(targets(keyT, ReferenceKind.TYPE)).containsExactly("key@include/defs.h:9");
        Definition maxAll = graph.lookup("MAX_ALL", "fix", null, DefinitionKind.MACRO).single();
        assertThat(targets(maxAll, ReferenceKind.MACRO)).containsExactly("MAX_E@include/defs.h:7");
        assertThat(graph.sourceText(maxAll)).isEqualTo("#define MAX_ALL (MAX_E * 4)\n");
        assertThat(targets(fn("xdp_main", "prog.c"), ReferenceKind.TYPE)).contains("act@include/defs.h:12");
        List<HelperCall> helpers = graph.helperCalls(fn("xdp_main", "prog.c").id());
        assertThat(helpers).extracting(HelperCall::helper).containsExactly("bpf_map_lookup_elem", "bpf_map_update_elem");
        assertThat(helpers.get(0).line()).isEqualTo(14);
        assertThat(helpers.get(0).column()).isEqualTo(16);
    }

    @Test
    void definitionsKeepTheirExactText() {
        Definition xdp = fn("xdp_main", "prog.c");
        assertThat(xdp.startLine()).isEqualTo(10);
        assertThat(xdp.endLine()).isEqualTo(17);
        assertThat(graph.sourceText(xdp)).startsWith("SEC(PROG_SEC)\nint xdp_main(").endsWith("ACT_DROP;\n}");
        Definition key = graph.lookup("key", "fix", null, DefinitionKind.STRUCT).single();
        assertThat(graph.sourceText(key)).isEqualTo("struct key { __u32 a; union { __u32 v4; __u32 v6[4]; }; };");
        assertThat(graph.lookup("DEFS_H", "fix", null, DefinitionKind.MACRO).matches()).isEmpty();
    }

    @Test
    void filesCarryLicensesAndIncludes() {
        SourceFile prog = graph.file("fix", "prog.c").orElseThrow();
        assertThat(prog.spdx()).isEqualTo("GPL-2.0");
        assertThat(prog.licenseComment()).isEqualTo("/* Copyright 2026 the OPENED authors. License: GPL-2.0 */");
        assertThat(graph.includes("fix", "include/defs.h")).extracting(Include::directive)
                .containsExactly("#include <linux/bpf.h>", "#include <bpf/bpf_helpers.h>");
        assertThat(graph.includes("fix", "prog.c").get(0).resolvedPath()).isEqualTo("include/defs.h");
        assertThat(graph.translationUnitFiles("fix", "prog.c")).containsExactly("prog.c", "include/defs.h");
        assertThat(graph.translationUnitsOf("fix", "include/defs.h")).containsExactly("other.c", "prog.c");
    }

    @Test
    void lookupsSuggestAndListCandidates() {
        assertThatThrownBy(() -> FunctionRef.parse("xdp_mian@fix").resolve(graph))
                .hasMessageContaining("did you mean xdp_main@fix?");
        assertThatThrownBy(() -> FunctionRef.parse("dup@fix").resolve(graph))
                .hasMessageContaining("ambiguous").hasMessageContaining("dup@fix:other.c:2")
                .hasMessageContaining("dup@fix:prog.c:9");
        assertThat(FunctionRef.parse("dup@fix:other.c").resolve(graph).startLine()).isEqualTo(2);
        assertThatThrownBy(() -> FunctionRef.parse("x@nowhere").resolve(graph)).hasMessageContaining("never crawled");
    }

    @Test
    void aNewDbOfAnotherKindIsRefused() throws Exception {
        Path other = tmp.resolve("other.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + other)) {
            c.createStatement().execute("CREATE TABLE t(x)");
        }
        assertThatThrownBy(() -> CallGraph.open(other)).hasMessageContaining("not an OPENED call graph");
    }

    @Test
    void guardDirectivesKeepTheirStringsAndCommentsGoAway() {
        assertThat(CText.stripComments("#if __has_include(\"x/y.h\") /* a comment */")).isEqualTo(
                "#if __has_include(\"x/y.h\")                ");
        assertThat(CText.stripComments("#define A 'c' // x")).isEqualTo("#define A 'c'     ");
    }

    static Map<String, String> change(String path, String text) {
        return Map.of(path, text);
    }
}
