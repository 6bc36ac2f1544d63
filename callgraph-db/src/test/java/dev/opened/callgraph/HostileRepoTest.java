package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * Repositories written to leak files, run commands or crash the parse: links and includes that
 * lead out of the source, flags with make and shell syntax. Each crawl must keep the secret out
 * of the database, say what it refused as a problem, and still index the rest.
 */
class HostileRepoTest {
    private static final String SECRET = "s3cr3t_t0ken_4711";

    @TempDir
    Path tmp;
    Path outside;

    @BeforeEach
    void secrets() throws IOException {
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.h"), "struct leaked { int " + SECRET + "; };\n");
        Files.writeString(outside.resolve("secret.c"), "int " + SECRET + "(void) { return 1; }\n");
    }

    private static Map<String, String> program(String includes) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("prog.c", "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n" + includes
                + "SEC(\"xdp\") int xdp_main(struct xdp_md *ctx) { return XDP_PASS; }\n"
                + "char _license[] SEC(\"license\") = \"GPL\";\n");
        return files;
    }

    private CrawlSummary crawl(Path repo, CallGraph graph) {
        return new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()), CrawlListener.NONE);
    }

    private static String everything(CallGraph graph) {
        StringBuilder all = new StringBuilder();
        for (String table : List.of("blobs", "defs", "files", "problems", "repos", "includes")) {
            graph.query("SELECT * FROM " + table, List.of(), rs -> {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    all.append(rs.getString(i)).append('\t');
                }
                return null;
            });
        }
        return all.toString();
    }

    private static List<String> problems(CallGraph graph, String repo) {
        return graph.problems(repo).stream().map(Problem::toString).toList();
    }

    private void links(Path repo) throws IOException {
        Files.createDirectories(repo);
        Files.createSymbolicLink(repo.resolve("leak.c"), outside.resolve("secret.c"));
        Files.createSymbolicLink(repo.resolve("leak.h"), outside.resolve("secret.h"));
        Files.createSymbolicLink(repo.resolve("linked"), outside);
    }

    @Test
    void linksOutOfAPlainDirectoryAreNotReadButReported() throws IOException {
        Path repo = tmp.resolve("plain");
        links(repo);
        Map<String, String> files = program("#include \"leak.h\"\n#include \"linked/secret.h\"\n");
        files.forEach((p, t) -> write(repo.resolve(p), t));
        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            CrawlSummary s = crawl(repo, graph);
            assertThat(everything(graph)).doesNotContain(SECRET);
            assertThat(problems(graph, s.repo())).anySatisfy(p -> assertThat(p).startsWith("leak.c:1: a symlink to")
                    .contains("outside the source: not read"))
                    .anySatisfy(p -> assertThat(p).startsWith("leak.h:1: a symlink to"))
                    .anySatisfy(p -> assertThat(p).startsWith("linked:1: a symlink to"));
            assertThat(graph.lookup("xdp_main", s.repo(), null, DefinitionKind.FUNCTION).matches()).hasSize(1);
        }
    }

    @Test
    void linksOutOfAGitRepositoryAreNotReadButReported() throws IOException {
        Path repo = tmp.resolve("git");
        links(repo);
        GitFixtures.repo(repo, program("#include \"leak.h\"\n"));
        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            CrawlSummary s = crawl(repo, graph);
            assertThat(everything(graph)).doesNotContain(SECRET);
            assertThat(problems(graph, s.repo())).anySatisfy(p -> assertThat(p).startsWith("leak.c:1: a symlink to"))
                    .anySatisfy(p -> assertThat(p).startsWith("leak.h:1: a symlink to"));
        }
    }

    @Test
    void includesThatLeaveTheRepositoryAreNotReadAndTheFileIsStillIndexed() {
        Path repo = tmp.resolve("incl");
        // deep enough to climb out of any temporary directory the crawl parses in
        String up = "../".repeat(40) + outside.toString().substring(1);
        program("#include \"" + outside.resolve("secret.h") + "\"\n#include \"" + up + "/secret.h\"\n"
                + "#include \"/proc/self/environ\"\n#include \"../../x.h\"\n").forEach((p, t) -> write(repo.resolve(p), t));
        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            CrawlSummary s = crawl(repo, graph);
            assertThat(everything(graph)).doesNotContain(SECRET);
            assertThat(problems(graph, s.repo())).anySatisfy(p -> assertThat(p)
                    .startsWith("prog.c:3: #include \"" + outside.resolve("secret.h") + "\" names")
                    .endsWith("outside the repository and the system include dirs: not read"))
                    .anySatisfy(p -> assertThat(p).startsWith("prog.c:4: #include \"../../").contains("not read"))
                    .anySatisfy(p -> assertThat(p).startsWith("prog.c:5: #include \"/proc/self/environ\" names"))
                    .noneSatisfy(p -> assertThat(p).contains("parser failed"));
            // before: "../../x.h" threw StringIndexOutOfBoundsException and the file lost every function
            assertThat(graph.lookup("xdp_main", s.repo(), null, DefinitionKind.FUNCTION).matches()).hasSize(1);
        }
    }

    @Test
    void buildFlagsOtherThanSafeIncludeDirsAndDefinesAreRefused() {
        Path repo = tmp.resolve("flags");
        Map<String, String> files = program("");
        files.put("inc/x.h", "#define X 1\n");
        files.put("compile_flags.txt", String.join("\n", "-Iinc", "-DGOOD=(1<<4)", "-DPWN=$(shell touch /tmp/PWN)",
                "-DTICK=`id`", "-I/etc", "-I../../..", "-Wall", "-fplugin=$(shell id)", "-D1BAD", "") );
        files.forEach((p, t) -> write(repo.resolve(p), t));
        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            CrawlSummary s = crawl(repo, graph);
            Repo r = graph.requireRepo(s.repo());
            assertThat(r.defines()).containsExactly("GOOD=(1<<4)");
            assertThat(r.includeDirs()).containsExactly("inc");
            assertThat(problems(graph, s.repo())).contains(
                    "compile_flags.txt:3: build flag '-DPWN=$(shell touch /tmp/PWN)' refused: the value has characters a C "
                            + "expression does not need ($ ` \\ ' ; # or control characters)",
                    "compile_flags.txt:5: build flag '-I/etc' refused: the directory is outside the repository",
                    "compile_flags.txt:6: build flag '-I../../..' refused: the directory is outside the repository",
                    "compile_flags.txt:8: build flag '-fplugin=$(shell id)' refused: not an -I or -D flag",
                    "compile_flags.txt:9: build flag '-D1BAD' refused: '1BAD' is not a C macro name")
                    .anySatisfy(p -> assertThat(p).startsWith("compile_flags.txt:4: build flag '-DTICK=`id`' refused"))
                    .noneSatisfy(p -> assertThat(p).contains("-Wall"));
        }
    }

    @Test
    void aDefineFromTheCommandLineIsCheckedToo() {
        Path repo = tmp.resolve("cli");
        program("").forEach((p, t) -> write(repo.resolve(p), t));
        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            assertThatThrownBy(() -> new Crawler(graph, tmp.resolve("cache")).crawl(
                    new CrawlRequest(repo.toString(), null, null, List.of(), List.of("X=$(id)")), CrawlListener.NONE))
                    .isInstanceOf(CallGraphException.class).hasMessageStartingWith("-D X=$(id): the value has characters");
        }
    }

    @Test
    void aCrawlWritesNoCopyOfTheSourceThatAKillCouldLeaveBehind() throws IOException {
        String unique = "only_here_" + Long.toHexString(System.nanoTime());
        Path repo = tmp.resolve("copy");
        Map<String, String> files = program("");
        files.put(unique + ".c", files.get("prog.c").replace("xdp_main", "xdp_other"));
        files.forEach((p, t) -> write(repo.resolve(p), t));
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> copies = new java.util.ArrayList<>();
        // while the crawl runs, any copy of the source would be on the disk (before: /tmp/opened-crawl-*)
        CrawlListener look = (done, total, path) -> {
            try (java.util.stream.Stream<Path> s = Files.list(temp)) {
                s.filter(d -> Files.exists(d.resolve(unique + ".c"))).forEach(copies::add);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        try (CallGraph graph = CallGraph.open(tmp.resolve("cg.db"))) {
            CrawlSummary s = new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(repo.toString()), look);
            assertThat(s.parsed()).isEqualTo(2);
        }
        assertThat(copies).isEmpty();
    }

    private static void write(Path p, String text) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
