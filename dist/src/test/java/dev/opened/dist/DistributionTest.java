package dev.opened.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball {@code mvn package} wrote, as a user gets it: unpacked into an empty directory and
 * run through its own launcher, with a {@code mvn} on the PATH that records any call (there must be
 * none) and a HOME of its own (no Maven repository, no earlier build).
 */
class DistributionTest {
    @TempDir
    static Path tmp;
    static Path root;
    static Path mvnCalled;
    static Map<String, String> env;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = Path.of(System.getProperty("opened.dist"));
        assertThat(tarball).isRegularFile();
        Path into = Files.createDirectories(tmp.resolve("unpacked"));
        assertThat(run(into, Map.of(), "tar", "xzf", tarball.toString()).exit()).isZero();
        root = into.resolve("opened-" + System.getProperty("opened.version"));
        Path stubs = Files.createDirectories(tmp.resolve("stubs"));
        mvnCalled = tmp.resolve("mvn-was-called");
        Path mvn = stubs.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\ntouch " + mvnCalled + "\nexit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        env = Map.of("PATH", stubs + ":" + System.getenv("PATH"), "HOME", Files.createDirectories(tmp.resolve("home")).toString(),
                "OPENED_DB", tmp.resolve("home/cg.db").toString());
    }

    @Test
    void theTarballHoldsTheLauncherJarsAndTemplates() throws IOException {
        assertThat(root.resolve("bin/opened")).isExecutable();
        assertThat(root.resolve("bin/fetch-kernel")).isExecutable();
        try (var lib = Files.list(root.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()).toList()).anyMatch(n -> n.startsWith("opened-cli-"))
                    .anyMatch(n -> n.startsWith("org.eclipse.jgit-")).anyMatch(n -> n.startsWith("sqlite-jdbc-"));
        }
        assertThat(root.resolve("templates/Makefile.ftl")).isRegularFile();
    }

    @Test
    void itRunsWithOnlyAJavaRuntime() throws Exception {
        Result version = run(tmp, env, root.resolve("bin/opened").toString(), "--version");
        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(version.out()).isEqualTo("opened " + System.getProperty("opened.version") + "\n");

        // the bundled corpus, crawled and listed from another directory, as the README's first command does
        Result crawl = run(tmp, env, root.resolve("bin/opened").toString(), "crawl", root.resolve("test-corpus/xdp-basics").toString());
        assertThat(crawl.exit()).as(crawl.err()).isZero();
        Result funcs = run(tmp, env, root.resolve("bin/opened").toString(), "funcs", "--section", "xdp");
        assertThat(funcs.exit()).as(funcs.err()).isZero();
        assertThat(funcs.out()).contains("xdp_parser_prog@xdp-basics");
        // the logging libraries the launcher names say nothing to the user
        assertThat(crawl.err() + funcs.err()).doesNotContain("SLF4J").doesNotContain("freemarker");

        // a unit's Makefile calls back the launcher that wrote it: the unpacked one
        Result extract = run(tmp, env, root.resolve("bin/opened").toString(), "extract", "xdp_parser_prog@xdp-basics", "-o",
                tmp.resolve("unit").toString());
        assertThat(extract.exit()).as(extract.err()).isZero();
        assertThat(Files.readString(tmp.resolve("unit/Makefile"))).contains("OPENED ?= " + root.resolve("bin/opened"));
        assertThat(mvnCalled).doesNotExist();
    }

    @Test
    void itRecordsItsStartUpArchiveInTheUsersCacheOnceAndKeepsItsJarsUnsigned() throws Exception {
        // a signed jar's classes never enter the archive: lib/ holds none (JGit's and Eclipse's were)
        try (var lib = Files.list(root.resolve("lib"))) {
            for (Path jar : lib.toList()) {
                try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
                    assertThat(zip.stream().map(java.util.zip.ZipEntry::getName)
                            .filter(n -> n.startsWith("META-INF/") && (n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA")
                                    || n.endsWith(".EC"))).toList()).as(jar.toString()).isEmpty();
                }
            }
        }
        Path cache = Files.createDirectories(tmp.resolve("cache-of-its-own"));
        Map<String, String> withCache = new java.util.HashMap<>(env);
        withCache.put("OPENED_CACHE", cache.toString());
        Result first = run(tmp, withCache, root.resolve("bin/opened").toString(), "--version");
        assertThat(first.exit()).as(first.err()).isZero();
        List<Path> archives;
        try (var s = Files.list(cache.resolve("cds"))) {
            archives = s.filter(p -> p.toString().endsWith(".jsa")).toList();
        }
        assertThat(archives).hasSize(1);
        assertThat(cache.resolve("cds").resolve(archives.get(0).getFileName() + ".classpath")).isRegularFile();
        var recorded = Files.getLastModifiedTime(archives.get(0));
        Result again = run(tmp, withCache, root.resolve("bin/opened").toString(), "--version");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo(first.out());
        assertThat(Files.getLastModifiedTime(archives.get(0))).as("the archive is used, not recorded again").isEqualTo(recorded);
        // the install itself is left as it was unpacked: nothing written beside the launcher
        try (var s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).doesNotContain("cds", "native");
        }
    }

    @Test
    void itsCompletionScriptCompletesVerbsAndOptions() throws Exception {
        Result script = run(tmp, env, root.resolve("bin/opened").toString(), "completion", "bash");
        assertThat(script.exit()).as(script.err()).isZero();
        Path file = tmp.resolve("opened.bash");
        Files.writeString(file, script.out());
        Result verbs = run(tmp, env, "bash", "-c", "source " + file + "; COMP_WORDS=(opened ''); COMP_CWORD=1; _opened; "
                + "printf '%s\\n' \"${COMPREPLY[@]}\"");
        assertThat(verbs.exit()).as(verbs.err()).isZero();
        Result help = run(tmp, env, root.resolve("bin/opened").toString(), "help");
        // every verb 'opened help' lists is offered after 'opened'
        List<String> listed = help.out().lines().filter(l -> l.startsWith("  ")).map(l -> l.trim().split("\\s+")[0]).toList();
        assertThat(listed).hasSizeGreaterThan(10);
        assertThat(verbs.out().lines().toList()).containsAll(listed).contains("--db", "--version");
        Result options = run(tmp, env, "bash", "-c", "source " + file + "; COMP_WORDS=(opened --db x.db retarget --h); "
                + "COMP_CWORD=4; _opened; printf '%s\\n' \"${COMPREPLY[@]}\"");
        assertThat(options.out().lines().toList()).containsExactlyInAnyOrder("--help", "--hook");
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 300 s: " + List.of(command));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
