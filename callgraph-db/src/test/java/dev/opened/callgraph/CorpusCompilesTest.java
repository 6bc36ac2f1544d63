package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/** Every program of the test corpus compiles with clang for the BPF target, with and without its feature flags. */
@Tag("clang")
class CorpusCompilesTest {
    /** Feature macros the corpus switches on; every file must build with each set. */
    private static final List<List<String>> FEATURE_SETS = List.of(List.of(),
            List.of("-DICMP_TOOBIG_GENERATION"), List.of("-DICMP_TOOBIG_GENERATION", "-DLB_DEBUG"));

    @TempDir
    Path tmp;

    @Test
    void everyProgramCompilesAndHasProgramSections() throws Exception {
        Path corpus = GitFixtures.projectRoot().resolve("test-corpus");
        List<Path> sources;
        try (Stream<Path> s = Files.walk(corpus)) {
            sources = s.filter(p -> p.toString().endsWith(".c")).sorted().toList();
        }
        assertThat(sources).hasSizeGreaterThanOrEqualTo(14);
        int compiled = 0;
        List<String> failures = new ArrayList<>();
        for (Path src : sources) {
            Path repo = corpus.resolve(corpus.relativize(src).getName(0));
            for (List<String> features : FEATURE_SETS) {
                List<String> cmd = new ArrayList<>(List.of("clang", "-O2", "-g", "-target", "bpf",
                        "-Werror=implicit-function-declaration", "-idirafter", "/usr/include/x86_64-linux-gnu"));
                cmd.addAll(flags(repo));
                cmd.addAll(features);
                Path obj = tmp.resolve(src.getFileName() + "." + compiled + ".o");
                cmd.addAll(List.of("-c", src.toString(), "-o", obj.toString()));
                String[] result = run(repo, cmd);
                if (!result[0].equals("0")) {
                    failures.add(String.join(" ", cmd) + "\n" + result[1]);
                    continue;
                }
                compiled++;
                String sections = run(repo, List.of("llvm-readelf", "-S", obj.toString()))[1];
                assertThat(sections).as(src + " has a program section").containsPattern(
                        "\\s(xdp|tc|kprobe/\\S+|kretprobe/\\S+|fentry/\\S+|tracepoint/\\S+)\\s+PROGBITS");
                assertThat(sections).as(src + " has a license").contains(" license ");
            }
        }
        System.out.println("test corpus: " + sources.size() + " programs, " + compiled + " compiles with clang -target bpf");
        assertThat(failures).isEmpty();
        assertThat(compiled).isEqualTo(sources.size() * FEATURE_SETS.size());
    }

    /** {@code compile_flags.txt} of a corpus repo, paths resolved against the repo. */
    static List<String> flags(Path repo) throws IOException {
        Path f = repo.resolve("compile_flags.txt");
        List<String> out = new ArrayList<>();
        if (!Files.exists(f)) {
            return out;
        }
        for (String line : Files.readAllLines(f)) {
            String l = line.trim();
            if (l.startsWith("-I")) {
                out.add("-I" + repo.resolve(l.substring(2)).normalize());
            } else if (!l.isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }

    private static String[] run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new String[] {"timeout", out};
        }
        return new String[] {String.valueOf(p.exitValue()), out};
    }
}
