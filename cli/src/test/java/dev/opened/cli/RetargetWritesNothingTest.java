package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * {@code opened retarget} of a unit that calls no helper needs no kernel and no disk but its output
 * directory: run as its own process with the temp directory, the cache, the home directory and
 * the unit read-only (a read-only bind mount in a mount namespace when root, whom permissions do
 * not stop), and a stand-in {@code qemu-system-x86_64} first on PATH that records being started.
 */
class RetargetWritesNothingTest {
    @TempDir
    Path tmp;

    @Test
    void aUnitWithNoHelperCallsIsRetargetedWithoutAKernelOrAWritableDisk() throws Exception {
        Path ro = tmp.resolve("ro");
        Path rw = tmp.resolve("rw");
        Path repo = GitFixtures.corpusRepo("xdp-basics", ro);
        Path db = ro.resolve("cg.db");
        assertThat(Cli.run(db, "crawl", repo.toString()).exit()).isZero();
        Path unitDir = ro.resolve("unit");
        Cli.Run extract = Cli.run(db, "extract", "xdp_pass_prog@xdp-basics", "-o", unitDir.toString());
        assertThat(extract.exit()).as(extract.err()).isZero();
        assertThat(Files.readString(unitDir.resolve("xdp_pass_prog.c"))).doesNotContainPattern("\\bbpf_\\w+\\s*\\(");
        for (String d : List.of("tmp", "cache", "home")) {
            Files.createDirectories(ro.resolve(d));
        }
        Path marks = Files.createDirectories(rw.resolve("marks"));
        Path bin = Files.createDirectories(rw.resolve("bin"));
        Path qemu = bin.resolve("qemu-system-x86_64");
        Files.writeString(qemu, "#!/bin/sh\necho \"$*\" >> '" + marks.resolve("qemu-started") + "'\nexit 1\n");
        Files.setPosixFilePermissions(qemu, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path outs = Files.createDirectories(rw.resolve("outs"));

        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "-Djava.io.tmpdir=" + ro.resolve("tmp"), "-Duser.home=" + ro.resolve("home"),
                "-Dopened.root=" + GitFixtures.projectRoot(), "-cp", System.getProperty("java.class.path"),
                "dev.opened.cli.Main", "retarget", unitDir.toString(), "--hook", "tc", "-o", outs.resolve("out").toString());
        boolean root = "0".equals(run(List.of("id", "-u")).trim());
        List<String> cmd = new ArrayList<>();
        // the write probe makes sure the tree really is read-only before OPENED runs in it
        String guard = "! touch \"$0/.writable\" 2>/dev/null && exec \"$@\"";
        if (root) {
            cmd.addAll(List.of("unshare", "-m", "sh", "-c", "mount --bind -o ro \"$0\" \"$0\" && " + guard, ro.toString()));
        } else {
            run(List.of("chmod", "-R", "a-w", ro.toString()));
            cmd.addAll(List.of("sh", "-c", guard, ro.toString()));
        }
        cmd.addAll(java);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OPENED_CACHE", ro.resolve("cache").toString());
        pb.environment().put("HOME", ro.resolve("home").toString());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        if (!root) {
            run(List.of("chmod", "-R", "u+w", ro.toString()));
        }

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains(outs.resolve("out") + "/xdp_pass_prog.c: xdp_pass_prog for tc (sched_cls)");
        assertThat(Files.readString(outs.resolve("out/xdp_pass_prog.c"))).contains("SEC(\"tc\")").contains("TC_ACT_OK");
        assertThat(marks.resolve("qemu-started")).as("QEMU was started").doesNotExist();
        try (Stream<Path> s = Files.list(outs)) {
            assertThat(s.map(x -> x.getFileName().toString()).toList()).as("what the retarget left beside its output")
                    .containsExactly("out");
        }
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }
}
