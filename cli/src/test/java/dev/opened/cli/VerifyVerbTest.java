package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import dev.opened.common.CacheRoot;
import dev.opened.verifier.Verifier;

/**
 * {@code opened build}, {@code verify} and {@code doctor} run in-process as a user would: units of
 * this test's own writing built with clang and loaded in a bzImage given by path (Debian's), in one
 * boot for the class.
 */
@Tag("kernel")
class VerifyVerbTest {
    @TempDir
    static Path tmp;
    static Path good;
    static Path bad;
    static Cli.Run build;
    static Cli.Run verify;

    @BeforeAll
    static void buildAndVerifyOnce() throws Exception {
        good = Files.createDirectories(tmp.resolve("good"));
        // the unit's header is found in its own directory; its manifest's define picks the verdict
        Files.writeString(good.resolve("verdict.h"), "#ifndef VERDICT\n#error VERDICT is set by opened.json\n#endif\n");
        Files.writeString(good.resolve("good.c"), """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                #include "verdict.h"

                SEC("xdp")
                int xdp_good(struct xdp_md *ctx)
                {
                	void *data = (void *)(long)ctx->data;
                	void *data_end = (void *)(long)ctx->data_end;

                	if (data + 14 > data_end)
                		return XDP_DROP;
                	return ((unsigned char *)data)[12] == 8 ? VERDICT : XDP_DROP;
                }

                char LICENSE[] SEC("license") = "GPL";
                """);
        Files.writeString(good.resolve("opened.json"), """
                {"opened": 1, "unit": "good.c", "cflags": [], "defines": ["VERDICT=XDP_PASS"]}
                """);
        bad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(bad.resolve("bad.c"), """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>

                SEC("xdp")
                int xdp_bad(struct xdp_md *ctx)
                {
                	return ((unsigned char *)(long)ctx->data)[12] == 8 ? XDP_PASS : XDP_DROP;
                }

                char LICENSE[] SEC("license") = "GPL";
                """);
        build = Cli.run(null, "build", good.toString());
        // the kernel named by its path, as a user's own bzImage would be (Debian's, from the cache)
        Path image = new Verifier(CacheRoot.get(), Path.of(System.getProperty("opened.root", "..")), 60, 60)
                .kernel("debian").image();
        // an object given as a file, with a name the guest's shell would split
        assertThat(Cli.run(null, "build", bad.toString()).exit()).isEqualTo(0);
        Path spaced = tmp.resolve("my bad (copy).o");
        Files.copy(bad.resolve("bad.bpf.o"), spaced);
        verify = Cli.run(null, "verify", good.toString(), bad.toString(), spaced.toString(), "--kernel", image.toString());
    }

    @Test
    void buildCompilesAUnitWithItsManifestsFlags() {
        assertThat(build.exit()).as(build.err()).isZero();
        assertThat(build.out()).isEqualTo(good.resolve("good.bpf.o") + "\n");
        assertThat(good.resolve("good.bpf.o")).isRegularFile();
    }

    @Test
    void buildPassesClangsDiagnosticsThroughAndLeavesNoObject() throws Exception {
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(broken.resolve("broken.c"), "int f(void)\n{\n\treturn undefined_thing;\n}\n");
        Cli.Run run = Cli.run(null, "build", broken.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(broken.resolve("broken.c") + ":3:9: error: use of undeclared identifier 'undefined_thing'");
        try (var files = Files.list(broken)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("broken.c");
        }
        Cli.Run notADir = Cli.run(null, "build", tmp.resolve("nowhere").toString());
        assertThat(notADir.exit()).isEqualTo(2);
        assertThat(notADir.err().lines()).singleElement().asString().contains("nowhere: not a directory");
    }

    @Test
    void verifyPrintsAVerdictPerProgramAndExitsOneOnARejection() {
        assertThat(verify.exit()).as(verify.err()).isEqualTo(1);
        List<String> lines = verify.out().lines().toList();
        assertThat(lines.get(0)).matches("TARGET +PROGRAM +TYPE +vmlinuz-6\\.\\S+ 6\\.\\S+");
        // rows name the target as it was given: the unit directory, the object's path
        assertThat(lines.get(1)).matches(java.util.regex.Pattern.quote(good.toString())
                + " +xdp_good +xdp +accepted \\d+ insns, \\d+ states, \\d+ peak");
        assertThat(lines.get(2)).matches(java.util.regex.Pattern.quote(bad.toString())
                + " +xdp_bad +xdp +rejected \\d+ insns, \\d+ states, \\d+ peak");
        assertThat(lines.get(3)).matches("\\Q" + tmp.resolve("my bad (copy).o") + "\\E +xdp_bad +xdp +rejected .*");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("    invalid access to packet, off=12 size=1"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("    at \\d+: \\(71\\) r\\d = \\*\\(u8 \\*\\)\\(r\\d \\+12\\).*"));
        assertThat(lines).last().isEqualTo("1 accepted, 2 not (2 rejected)");
    }

    @Test
    void aTargetThatCannotLoadIsARowAndNeedsNoBoot() throws Exception {
        Path text = tmp.resolve("notes.o");
        Files.writeString(text, "not an object\n");
        Cli.Run notElf = Cli.run(null, "verify", text.toString(), "--format", "csv");
        assertThat(notElf.exit()).as(notElf.err()).isEqualTo(1);
        assertThat(notElf.err()).isEmpty();
        assertThat(notElf.out()).endsWith("\r\n" + text + ",notes.o,-,-,-,debian,not-loadable,,,,0," + text
                + ": not an ELF file; build it with 'opened build DIR' or clang -target bpf\r\n");

        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("data.c"), "int counter = 42;\n");
        assertThat(Cli.run(null, "build", data.toString()).exit()).isZero();
        Cli.Run noPrograms = Cli.run(null, "verify", data.resolve("data.bpf.o").toString());
        assertThat(noPrograms.exit()).isEqualTo(1);
        assertThat(noPrograms.out()).contains("data.bpf.o: a BPF object with no programs").endsWith("0 accepted, 1 not (1 no-programs)\n");
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path object = good.resolve("good.bpf.o");
        Cli.Run noKernel = Cli.run(null, "verify", object.toString(), "--kernel", tmp.resolve("bzImage").toString());
        assertBadInput(noKernel, "opened verify: " + tmp.resolve("bzImage")
                + ": no such kernel image; give --kernel debian, host, or the path of a bzImage");

        Cli.Run noQemu = runWithPath("/nonexistent", "verify", object.toString());
        assertBadInput(noQemu, "opened verify: qemu-system-x86_64 is missing; apt-get install qemu-system-x86 (or use --kernel host)");

        Cli.Run nothing = Cli.run(null, "verify");
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.err()).startsWith("opened verify: give at least one unit DIR or .o file\nusage: opened verify TARGET...");
    }

    @Test
    void aKernelThatDoesNotComeUpGivesRowsAndOneJsonDocument() {
        // one second is too short for any kernel here to come up: the rows say so, the report stands
        Cli.Run run = Cli.run(null, "verify", good.toString(), "--boot-timeout", "1", "--format", "json");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        List<JsonElement> rows = JsonParser.parseString(run.out()).getAsJsonArray().asList();
        assertThat(rows).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getAsJsonObject().get("verdict").getAsString()).isEqualTo("boot-failed");
            assertThat(r.getAsJsonObject().get("message").getAsString()).contains("did not come up in 1 s");
        });
        Cli.Run text = Cli.run(null, "verify", good.toString(), "--boot-timeout", "1");
        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.out()).contains("boot-failed");
    }

    @Test
    void doctorChecksTheToolchain() {
        Cli.Run run = Cli.run(null, "doctor", "--format", "json");
        List<JsonElement> checks = JsonParser.parseString(run.out()).getAsJsonArray().asList();
        assertThat(checks).extracting(c -> c.getAsJsonObject().get("what").getAsString()).contains(
                "clang with the bpf target", "bpftool", "qemu-system-x86_64", "busybox", "Debian test kernel",
                "glibc's 32-bit stubs (gnu/stubs-32.h)", "KVM");
        boolean allOk = checks.stream().allMatch(c -> c.getAsJsonObject().get("ok").getAsBoolean());
        assertThat(run.exit()).isEqualTo(allOk ? 0 : 1);
        // this class booted the kernel above, so the toolchain it needs is there
        assertThat(checks).filteredOn(c -> List.of("clang with the bpf target", "qemu-system-x86_64", "busybox", "Debian test kernel",
                "glibc's 32-bit stubs (gnu/stubs-32.h)")
                .contains(c.getAsJsonObject().get("what").getAsString())).allMatch(c -> c.getAsJsonObject().get("ok").getAsBoolean());
        Cli.Run text = Cli.run(null, "doctor");
        assertThat(text.out()).containsPattern("(?m)^ok +qemu-system-x86_64 +QEMU emulator version");
    }

    private static void assertBadInput(Cli.Run run, String message) {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement();
        if (message != null) {
            assertThat(run.err()).isEqualTo(message + "\n");
        }
        assertThat(run.out()).isEmpty();
    }

    private static Cli.Run runWithPath(String path, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.run(List.of(args), o, e, Map.of("PATH", path), false);
        }
        return new Cli.Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
