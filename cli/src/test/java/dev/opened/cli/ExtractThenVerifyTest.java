package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;
import dev.opened.callgraph.testing.GitFixtures;
import dev.opened.common.CacheRoot;
import dev.opened.verifier.ProgramVerdict;
import dev.opened.verifier.UnitBuilder;
import dev.opened.verifier.Verdict;
import dev.opened.verifier.Verifier;

/**
 * End to end: the corpus crawled from JGit-made repos, every entry program extracted with
 * {@code opened extract}, and the extracted units loaded in Debian's kernel in one boot beside the
 * original objects: each extracted program loads as well as its original.
 */
@Tag("kernel")
class ExtractThenVerifyTest {
    @TempDir
    static Path tmp;
    static Path db;
    static Map<String, ProgramVerdict> originals = new HashMap<>();
    static Map<String, ProgramVerdict> extracted = new HashMap<>();

    @BeforeAll
    static void crawlExtractAndBootOnce() throws Exception {
        db = tmp.resolve("cg.db");
        List<Path> originalObjects = new ArrayList<>();
        // samples-style: helpers declared by the repo's own header as function pointers;
        // templated: programs named by macros in one shared template header
        for (String repo : List.of("lb", "xdp-basics", "tracing", "samples-style", "templated")) {
            Path r = GitFixtures.corpusRepo(repo, tmp);
            assertThat(Cli.run(db, "crawl", r.toString()).exit()).isZero();
            originalObjects.addAll(compileOriginals(r));
        }
        List<Path> unitObjects = new ArrayList<>();
        try (CallGraph graph = CallGraph.openExisting(db)) {
            for (Definition f : graph.definitions(null, DefinitionKind.FUNCTION)) {
                if (!f.isProgram()) {
                    continue;
                }
                Path dir = tmp.resolve("units").resolve(f.repo() + "-" + f.name());
                Cli.Run run = Cli.run(db, "extract", f.name() + "@" + f.repo() + ":" + f.path(), "-o", dir.toString());
                assertThat(run.exit()).as(run.err()).isZero();
                UnitBuilder.Result built = UnitBuilder.build(dir);
                assertThat(built.ok()).as(built.diagnostics()).isTrue();
                unitObjects.addAll(built.objects());
            }
        }
        Verifier verifier = new Verifier(CacheRoot.get(), GitFixtures.projectRoot(), 180, 120);
        List<Path> all = new ArrayList<>(originalObjects);
        all.addAll(unitObjects);
        List<ProgramVerdict> verdicts = verifier.verify(all, verifier.kernel("debian"));
        for (ProgramVerdict v : verdicts) {
            (v.object().startsWith("orig-") ? originals : extracted).put(v.program() + "@" + v.object().replaceAll("^orig-[^-]+-", ""), v);
        }
        System.out.println("one boot: " + originals.size() + " original programs, " + extracted.size() + " extracted");
    }

    /** The corpus's own objects, built as its compile_flags.txt says. */
    private static List<Path> compileOriginals(Path repo) throws Exception {
        List<Path> objects = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        Path cf = repo.resolve("compile_flags.txt");
        if (Files.exists(cf)) {
            for (String l : Files.readAllLines(cf)) {
                flags.add(l.startsWith("-I") ? "-I" + repo.resolve(l.substring(2)) : l);
            }
        }
        try (var s = Files.walk(repo)) {
            for (Path c : s.filter(p -> p.toString().endsWith(".c") && !p.toString().contains("/.git/")).toList()) {
                String base = c.getFileName().toString().replaceAll("(\\.bpf)?\\.c$", "");
                Path o = tmp.resolve("orig-" + repo.getFileName() + "-" + base + ".o");
                List<String> cmd = new ArrayList<>(List.of("clang", "-O2", "-g", "-target", "bpf", "-idirafter",
                        "/usr/include/x86_64-linux-gnu"));
                cmd.addAll(flags);
                cmd.addAll(List.of("-c", c.toString(), "-o", o.toString()));
                Process p = new ProcessBuilder(cmd).directory(c.getParent().toFile()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                assertThat(p.waitFor()).as(out).isZero();
                objects.add(o);
            }
        }
        return objects;
    }

    @Test
    void everyExtractedEntryProgramLoadsAsWellAsItsOriginal() {
        assertThat(extracted).isNotEmpty();
        int same = 0;
        for (Map.Entry<String, ProgramVerdict> e : extracted.entrySet()) {
            String program = e.getKey().substring(0, e.getKey().indexOf('@'));
            // the unit of FUNC holds FUNC and the programs it needs (a tail-call target)
            ProgramVerdict original = originals.values().stream().filter(o -> o.program().equals(program)).findFirst()
                    .orElseThrow(() -> new AssertionError("no original for " + e.getKey()));
            assertThat(e.getValue().verdict()).as(e.getKey() + ": " + e.getValue().message()).isEqualTo(original.verdict());
            same++;
        }
        long accepted = extracted.values().stream().filter(v -> v.verdict() == Verdict.ACCEPTED).count();
        System.out.println("extracted programs loading as their originals: " + same + " of " + extracted.size()
                + " (" + accepted + " accepted)");
        assertThat(accepted).isGreaterThanOrEqualTo(extracted.size() - 1); // the legacy bpf_map_def program
        assertThat(extracted.values().stream().filter(v -> v.verdict() != Verdict.ACCEPTED))
                .allSatisfy(v -> assertThat(v.program()).isEqualTo("xdp_legacy_count"));
    }

    @Test
    void verifyVerbPrintsVerdictsAndExitCodes() throws Exception {
        Path unit = tmp.resolve("units").resolve("xdp-basics-xdp_parser_prog");
        Path bad = tmp.resolve("not-elf.o");
        Files.writeString(bad, "hello");
        Cli.Run missingKernel = Cli.run(db, "verify", unit.toString(), "--kernel", tmp.resolve("nope").toString());
        assertThat(missingKernel.exit()).isEqualTo(2);
        assertThat(missingKernel.err()).contains("no such kernel image");

        Path rejected = tmp.resolve("rejected");
        Files.createDirectories(rejected);
        Files.writeString(rejected.resolve("oob.c"), "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n"
                + "SEC(\"xdp\") int oob(struct xdp_md *ctx)\n{\n\treturn *(unsigned char *)(long)ctx->data;\n}\n"
                + "char LICENSE[] SEC(\"license\") = \"GPL\";\n");
        // a file that is not an object is its own row; the others are still loaded
        Cli.Run run = Cli.run(db, "verify", unit.toString(), rejected.toString(), bad.toString(), "--format", "json");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonArray verdicts = JsonParser.parseString(run.out()).getAsJsonArray();
        Map<String, JsonObject> byProgram = new HashMap<>();
        for (JsonElement v : verdicts) {
            byProgram.put(v.getAsJsonObject().get("program").getAsString(), v.getAsJsonObject());
        }
        assertThat(byProgram.get("xdp_parser_prog").get("verdict").getAsString()).isEqualTo("accepted");
        assertThat(byProgram.get("xdp_parser_prog").get("insnsProcessed").getAsInt()).isPositive();
        assertThat(byProgram.get("oob").get("verdict").getAsString()).isEqualTo("rejected");
        assertThat(byProgram.get("oob").get("message").getAsString()).startsWith("invalid access to packet");
        JsonObject notElf = byProgram.get("-");
        assertThat(notElf.get("target").getAsString()).isEqualTo(bad.toString());
        assertThat(notElf.get("verdict").getAsString()).isEqualTo("not-loadable");
        assertThat(notElf.get("message").getAsString()).isEqualTo(bad + ": not an ELF file; build it with 'opened build DIR' or clang -target bpf");
    }

    @Test
    void severalKernelsGiveAMatrix() {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "--kernel host needs root (CAP_BPF); this test runs as " + System.getProperty("user.name"));
        Path unit = tmp.resolve("units").resolve("xdp-basics-xdp_meta_prog");
        Cli.Run run = Cli.run(db, "verify", unit.toString(), "--kernel", "debian", "--kernel", "host", "--format", "json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonArray verdicts = JsonParser.parseString(run.out()).getAsJsonArray();
        assertThat(verdicts).hasSize(2);
        assertThat(verdicts.get(0).getAsJsonObject().get("kernel").getAsString()).startsWith("debian 6.");
        assertThat(verdicts.get(1).getAsJsonObject().get("kernel").getAsString()).startsWith("host ");
        for (JsonElement v : verdicts) {
            assertThat(v.getAsJsonObject().get("verdict").getAsString()).isEqualTo("accepted");
        }
    }

    @Test
    void buildVerbPassesClangsDiagnosticsThrough() throws Exception {
        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("b.c"), "int f(void)\n{\n\treturn undefined_thing;\n}\n");
        Cli.Run run = Cli.run(db, "build", broken.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("b.c:3:9: error: use of undeclared identifier 'undefined_thing'");
        assertThat(broken.resolve("b.bpf.o")).doesNotExist();
        Cli.Run ok = Cli.run(db, "build", tmp.resolve("units").resolve("lb-healthcheck_encap").toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out().trim()).endsWith("healthcheck_encap.bpf.o");
        assertThat(Cli.run(db, "build", tmp.resolve("no-dir").toString()).exit()).isEqualTo(2);
        Cli.Run doctor = Cli.run(db, "doctor");
        assertThat(doctor.out()).contains("clang with the bpf target").contains("Debian test kernel");
    }
}
