package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * OPENED as a new user meets it: a fresh clone of this checkout's HEAD with nothing built, README's
 * first command run there exactly as README writes it, then a unit for every hook family that
 * {@code retarget} supports (and one as {@code extract} writes it) made by that clone's
 * {@code bin/opened}, and GNU make run on each generated Makefile the way its header says to.
 *
 * <p>Maven sees every third-party artifact of the local repository but none of OPENED's own, so
 * an earlier {@code mvn install} cannot hide a build that works only on the developer's machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("kernel")
class FreshCloneTest {
    @TempDir
    static Path tmp;
    Path clone;
    Path links;
    Map<String, String> env;
    Run readme;

    /** A finished process: exit code and everything it printed. */
    record Run(int exit, String output) {
    }

    @BeforeAll
    void cloneAndRunReadme() throws Exception {
        clone = tmp.resolve("opened");
        Run git = run(tmp, Map.of(), 300, "git", "clone", "--quiet", "--no-hardlinks", GitFixtures.projectRoot().toString(),
                clone.toString());
        assertThat(git.exit()).as(git.output()).isZero();
        assertThat(clone.resolve("cli/target")).doesNotExist();
        env = new LinkedHashMap<>();
        links = repositoryWithoutOpened();
        env.put("MAVEN_OPTS", "-Dmaven.repo.local=" + links);
        // no opened on PATH: the Makefiles must find the launcher that wrote them by themselves
        env.put("PATH", Stream.of(System.getenv("PATH").split(":")).filter(d -> !Files.isExecutable(Path.of(d, "opened")))
                .collect(Collectors.joining(":")));
        readme = run(clone, env, 1200, "bash", "-c", readmeFirstCommand());
    }

    @AfterAll
    void removeLinks() throws IOException {
        if (links != null) {
            // walking does not follow links: this removes the links, never what they point at
            try (Stream<Path> s = Files.walk(links)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The command README.md gives first, as its text has it. */
    private String readmeFirstCommand() throws IOException {
        List<String> lines = Files.readAllLines(clone.resolve("README.md"));
        int from = lines.indexOf("## The two commands");
        assertThat(from).as("README's '## The two commands'").isNotNegative();
        return lines.subList(from, lines.size()).stream().filter(l -> l.startsWith("    ")).findFirst().orElseThrow().strip();
    }

    /** A Maven local repository holding links to every group of the user's, except OPENED's own. */
    private Path repositoryWithoutOpened() throws IOException {
        Path mine;
        Path real = Path.of(System.getProperty("user.home"), ".m2", "repository");
        // outside the @TempDir, whose clean-up warns about every link it meets; removed in @AfterAll
        mine = Files.createTempDirectory("opened-m2-");
        if (!Files.isDirectory(real)) {
            return mine;
        }
        try (Stream<Path> top = Files.list(real)) {
            for (Path p : top.toList()) {
                if (!p.getFileName().toString().equals("dev")) {
                    Files.createSymbolicLink(mine.resolve(p.getFileName()), p);
                    continue;
                }
                Path dev = Files.createDirectories(mine.resolve("dev"));
                try (Stream<Path> groups = Files.list(p)) {
                    for (Path g : groups.filter(g -> !g.getFileName().toString().equals("opened")).toList()) {
                        Files.createSymbolicLink(dev.resolve(g.getFileName()), g);
                    }
                }
            }
        }
        return mine;
    }

    @Test
    void readmeFirstCommandListsTheCorpusFunctionsFromAFreshClone() {
        assertThat(readme.exit()).as(readme.output()).isZero();
        assertThat(readme.output()).contains("xdp_parser_prog@xdp-basics", "balancer_ingress@lb", "healthcheck_encap@lb",
                "handle_exec@tracing", "do_unlinkat@tracing").doesNotContain("build failed");
        // what the launcher tells the JVM's libraries must not speak to the user (slf4j's notice of a named provider)
        assertThat(readme.output()).doesNotContain("SLF4J").doesNotContain("freemarker");
        assertThat(clone.resolve("cli/target/opened-cli.jar")).exists();
    }

    @Test
    void theLaunchersLibrariesAreUnsignedSoItsArchiveHoldsThem() throws IOException {
        // a signed jar's classes never enter the start-up archive, and its signature is checked in every process
        try (Stream<Path> jars = Files.list(clone.resolve("cli/target/lib"))) {
            List<Path> all = jars.filter(p -> p.toString().endsWith(".jar")).toList();
            assertThat(all).anyMatch(p -> p.getFileName().toString().startsWith("org.eclipse.jgit"));
            for (Path jar : all) {
                try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
                    assertThat(j.stream().map(java.util.jar.JarEntry::getName).filter(UnsignedJars::isSignature))
                            .as(jar.getFileName().toString()).isEmpty();
                }
            }
        }
        assertThat(clone.resolve("cli/target/opened-cds.jsa")).isNotEmptyFile();
    }

    @Test
    void readmeVerbTableIsOneTable() throws IOException {
        // a blank line inside a Markdown table ends it: every verb row must sit in one block
        List<String> lines = Files.readAllLines(clone.resolve("README.md"));
        int first = -1;
        int last = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("| `opened ")) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        assertThat(first).isPositive();
        assertThat(lines.subList(first - 2, last + 1)).allMatch(l -> l.startsWith("|"));
        assertThat(lines.subList(first, last + 1)).anyMatch(l -> l.startsWith("| `opened extract "))
                .anyMatch(l -> l.startsWith("| `opened doctor"));
    }

    @Test
    void everyGeneratedMakefileWorksWithGnuMake() throws Exception {
        assertThat(readme.exit()).as(readme.output()).isZero();
        Path db = Path.of(readmeFirstCommand().replaceAll(".*--db (\\S+).*", "$1"));
        Path opened = clone.resolve("bin/opened");
        Path units = Files.createDirectories(tmp.resolve("units"));
        // a unit reaching glibc's headers (<linux/icmp.h>, <string.h>): clang -target bpf needs gnu/stubs-32.h
        Path own = Files.createDirectories(tmp.resolve("icmp-repo"));
        Files.writeString(own.resolve("icmp_kern.c"), """
                #include <linux/bpf.h>
                #include <linux/if_ether.h>
                #include <linux/ip.h>
                #include <linux/icmp.h>
                #include <string.h>
                #include <bpf/bpf_helpers.h>

                SEC("xdp")
                int icmp_counter(struct xdp_md *ctx)
                {
                    void *data = (void *)(long)ctx->data;
                    void *data_end = (void *)(long)ctx->data_end;
                    struct icmphdr h;

                    if (data + sizeof(struct ethhdr) + sizeof(struct iphdr) + sizeof(h) > data_end)
                        return XDP_PASS;
                    memcpy(&h, data + sizeof(struct ethhdr) + sizeof(struct iphdr), sizeof(h));
                    return h.type == ICMP_ECHO ? XDP_DROP : XDP_PASS;
                }

                char _license[] SEC("license") = "GPL";
                """);
        Run crawl = run(tmp, env, 300, opened.toString(), "--db", db.toString(), "crawl", own.toString(), "--name", "icmp");
        assertThat(crawl.exit()).as(crawl.output()).isZero();

        Map<String, List<String>> made = new LinkedHashMap<>();
        made.put("extract", List.of("extract", "xdp_parser_prog@xdp-basics"));
        made.put("extract-icmp", List.of("extract", "icmp_counter@icmp"));
        made.put("xdp", List.of("retarget", "tc_count_ipv4@lb", "--hook", "xdp"));
        made.put("tc", List.of("retarget", "xdp_parser_prog@xdp-basics", "--hook", "tc"));
        made.put("cgroup_skb", List.of("retarget", "xdp_pass_prog@xdp-basics", "--hook", "cgroup_skb/ingress"));
        made.put("socket", List.of("retarget", "xdp_pass_prog@xdp-basics", "--hook", "socket"));
        made.put("kprobe", List.of("retarget", "fentry_unlinkat@tracing", "--hook", "kprobe"));
        made.put("kretprobe", List.of("retarget", "do_unlinkat_exit@tracing", "--hook", "kretprobe"));
        made.put("fentry", List.of("retarget", "do_unlinkat@tracing", "--hook", "fentry"));
        made.put("fexit", List.of("retarget", "parent_tgid@tracing", "--hook", "fexit/do_unlinkat"));
        made.put("tracepoint", List.of("retarget", "parent_tgid@tracing", "--hook", "tracepoint/sched/sched_process_exec"));
        made.put("raw_tp", List.of("retarget", "parent_tgid@tracing", "--hook", "raw_tp/sched_process_exec"));
        for (Map.Entry<String, List<String>> m : made.entrySet()) {
            Path dir = units.resolve(m.getKey());
            List<String> cmd = new ArrayList<>(List.of(opened.toString(), "--db", db.toString()));
            cmd.addAll(m.getValue());
            cmd.addAll(List.of("-o", dir.toString()));
            Run r = run(units, env, 300, cmd.toArray(String[]::new));
            assertThat(r.exit()).as(m.getKey() + ": " + r.output()).isZero();

            String makefile = Files.readString(dir.resolve("Makefile"));
            assertThat(makefile).as(m.getKey()).contains("OPENED ?= " + opened);
            String object;
            try (Stream<Path> s = Files.list(dir)) {
                String unit = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".c")).findFirst().orElseThrow();
                object = unit.replaceAll("\\.c$", ".bpf.o");
            }
            assertMake(dir, "all", "");
            assertThat(dir.resolve(object)).as(m.getKey()).exists();
            Run verify = assertMake(dir, "verify", "");
            // rows name the target as make gives it: the unit's directory, "."
            assertThat(verify.output()).as(m.getKey()).containsPattern("(?m)^\\. +\\S+ +\\S+ +accepted \\d+ insns")
                    .containsPattern("(?m)^\\d+ accepted, 0 not$");
            assertMake(dir, "skeleton", "");
            assertThat(dir.resolve(object.replace(".bpf.o", ".skel.h"))).as(m.getKey()).isNotEmptyFile();
            Run dry = assertMake(dir, "load attach detach", "-n");
            assertThat(dry.output()).as(m.getKey()).contains("prog loadall");
            assertMake(dir, "clean", "");
            assertThat(dir.resolve(object)).as(m.getKey()).doesNotExist();
            assertThat(dir.resolve(object.replace(".bpf.o", ".skel.h"))).as(m.getKey()).doesNotExist();
        }
    }

    private Run assertMake(Path dir, String targets, String flag) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("make"));
        if (!flag.isEmpty()) {
            cmd.add(flag);
        }
        cmd.addAll(List.of(targets.split(" ")));
        Run r = run(dir, env, 600, cmd.toArray(String[]::new));
        assertThat(r.exit()).as(dir.getFileName() + ": make " + targets + ":\n" + r.output()).isZero();
        return r;
    }

    private static Run run(Path dir, Map<String, String> env, long seconds, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path log = Files.createTempFile("opened-run-", ".log");
        try {
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Run(124, String.join(" ", cmd) + ": timed out after " + seconds + " s\n" + Files.readString(log));
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
