package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The user guide's "Verify in CI" commands, run as written by a shell in a project laid out as the
 * guide says, with {@code opened} on {@code PATH} and no terminal: the baseline is made, an
 * unchanged run passes against it, and after a change that makes a program costlier the job
 * fails with the delta. Three boots: the comparison is between runs of different code.
 */
@Tag("kernel")
class VerifyInCiTest {
    private static final String XDP_FILTER = """
            #include <linux/bpf.h>
            #include <linux/if_ether.h>
            #include <bpf/bpf_helpers.h>
            #include <bpf/bpf_endian.h>

            SEC("xdp")
            int xdp_filter(struct xdp_md *ctx)
            {
            	void *data = (void *)(long)ctx->data;
            	void *data_end = (void *)(long)ctx->data_end;
            	struct ethhdr *eth = data;

            	if ((void *)(eth + 1) > data_end)
            		return XDP_DROP;
            	/* more filters here */
            	return eth->h_proto == bpf_htons(ETH_P_IP) ? XDP_PASS : XDP_DROP;
            }

            char LICENSE[] SEC("license") = "GPL";
            """;
    private static final String TC_COUNT = """
            #include <linux/bpf.h>
            #include <linux/pkt_cls.h>
            #include <bpf/bpf_helpers.h>

            struct {
            	__uint(type, BPF_MAP_TYPE_ARRAY);
            	__type(key, __u32);
            	__type(value, __u64);
            	__uint(max_entries, 1);
            } packets SEC(".maps");

            SEC("tc")
            int tc_count(struct __sk_buff *skb)
            {
            	__u32 key = 0;
            	__u64 *n = bpf_map_lookup_elem(&packets, &key);

            	if (n)
            		__sync_fetch_and_add(n, 1);
            	return TC_ACT_OK;
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    /** One shell command's exit code and streams. */
    record Sh(String command, int exit, String out, String err) {
    }

    @TempDir
    static Path tmp;
    static Path project;
    static Path bin;
    static String makeBaseline;
    static String job;
    static String compare;
    static Sh baseline;
    static Sh unchanged;
    static Sh unchangedCompare;
    static Sh costlier;
    static Sh costlierCompare;

    @BeforeAll
    static void runTheGuidesCommands() throws Exception {
        Path guide = Path.of(System.getProperty("opened.root", "..")).resolve("docs/USER-GUIDE.md");
        String text = Files.readString(guide);
        String section = text.substring(text.indexOf("## Verify in CI"));
        section = section.substring(0, section.indexOf("\n## ") < 0 ? section.length() : section.indexOf("\n## "));
        List<String> commands = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^(?:\\s*- run: )?(opened .*)$").matcher(section);
        while (m.find()) {
            commands.add(m.group(1));
        }
        makeBaseline = one(commands, "--save ci/verifier-baseline.json");
        job = one(commands, "--baseline ci/verifier-baseline.json");
        compare = one(commands, "opened verify compare ");

        project = Files.createDirectories(tmp.resolve("project"));
        Files.createDirectories(project.resolve("ci"));
        Files.writeString(Files.createDirectories(project.resolve("bpf/xdp_filter")).resolve("xdp_filter.c"), XDP_FILTER);
        Files.writeString(Files.createDirectories(project.resolve("bpf/tc_count")).resolve("tc_count.c"), TC_COUNT);
        // opened on PATH, as the job's "$GITHUB_PATH" step puts it: this build's classes
        bin = Files.createDirectories(tmp.resolve("bin"));
        Path opened = bin.resolve("opened");
        Files.writeString(opened, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -Dopened.root='" + Path.of(System.getProperty("opened.root", "..")).toAbsolutePath().normalize()
                + "' -cp '" + System.getProperty("java.class.path") + "' dev.opened.cli.Main \"$@\"\n");
        opened.toFile().setExecutable(true);

        baseline = sh(makeBaseline);
        unchanged = sh(job);
        unchangedCompare = sh(compare);
        Path source = project.resolve("bpf/xdp_filter/xdp_filter.c");
        Files.writeString(source, XDP_FILTER.replace("\t/* more filters here */\n", """
                	for (int i = 0; i < ETH_ALEN; i++)
                		if (eth->h_source[i] == 0xff && eth->h_dest[i] != 0xff)
                			return XDP_DROP;
                """));
        costlier = sh(job);
        costlierCompare = sh(compare);
    }

    private static String one(List<String> commands, String marker) {
        List<String> found = commands.stream().filter(c -> c.contains(marker)).toList();
        assertThat(found).as("the guide's command with " + marker + " among " + commands).hasSize(1);
        return found.get(0);
    }

    private static Sh sh(String command) throws Exception {
        Path out = Files.createTempFile(tmp, "out-", ".txt");
        Path err = Files.createTempFile(tmp, "err-", ".txt");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(project.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(new File("/dev/null"));
        pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        Process p = pb.start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(command + ": still running after 20 minutes");
        }
        return new Sh(command, p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theBaselineIsMadeAndAnUnchangedRunPassesAgainstIt() throws Exception {
        assertThat(baseline.exit()).as(baseline.toString()).isZero();
        JsonArray rows = JsonParser.parseString(Files.readString(project.resolve("ci/verifier-baseline.json"))).getAsJsonArray();
        // rows named by the targets as the job gives them, relative to the project
        assertThat(rows.asList()).extracting(r -> r.getAsJsonObject().get("target").getAsString() + " "
                + r.getAsJsonObject().get("program").getAsString() + " " + r.getAsJsonObject().get("verdict").getAsString())
                .containsExactly("bpf/xdp_filter xdp_filter accepted", "bpf/tc_count tc_count accepted");

        assertThat(unchanged.exit()).as(unchanged.toString()).isZero();
        assertThat(unchanged.out()).containsPattern("(?m)^bpf/xdp_filter +xdp_filter +xdp +accepted \\d+ insns");
        assertThat(unchanged.out()).containsPattern("(?m)^bpf/tc_count +tc_count +debian \\S+ +accepted +\\d+ +\\d+ +\\d+$");
        assertThat(unchanged.out()).endsWith("2 compared, 0 changed, 0 failed\n");
        assertThat(project.resolve("verdicts.json")).isRegularFile();
        assertThat(Files.readString(project.resolve("verdicts.csv"))).startsWith("target,object,program,section,type,kernel,verdict,");
        assertThat(unchangedCompare.exit()).as(unchangedCompare.toString()).isZero();
    }

    @Test
    void aProgramMadeCostlierIsReportedWithItsDeltaAndFailsTheJob() throws Exception {
        assertThat(costlier.exit()).as(costlier.toString()).isEqualTo(1);
        Matcher row = Pattern.compile("(?m)^bpf/xdp_filter +xdp_filter +debian \\S+ +accepted +(\\d+) -> (\\d+) \\(\\+(\\d+), \\+([\\d.]+)%\\)")
                .matcher(costlier.out());
        assertThat(row.find()).as(costlier.out()).isTrue();
        int before = Integer.parseInt(row.group(1));
        int after = Integer.parseInt(row.group(2));
        assertThat(after - before).isEqualTo(Integer.parseInt(row.group(3))).isGreaterThan(before / 10);
        String fail = "FAIL bpf/xdp_filter xdp_filter: instructions processed " + before + " -> " + after + " (+" + (after - before)
                + ", +" + row.group(4) + "%) exceeds the allowed +10%";
        assertThat(costlier.out()).contains(fail);
        // the other program did not change, and the programs are still accepted: the cost alone fails the job
        assertThat(costlier.out()).containsPattern("(?m)^bpf/tc_count +tc_count +debian \\S+ +accepted +\\d+ +\\d+ +\\d+$");
        assertThat(costlier.out()).contains("2 accepted, 0 not").endsWith("2 compared, 1 changed, 1 failed\n");

        assertThat(costlierCompare.exit()).isEqualTo(1);
        assertThat(costlierCompare.out()).contains(fail);
        // the same comparison as JSON and CSV, in-process
        Cli.Run json = Cli.run(null, "verify", "compare", project.resolve("ci/verifier-baseline.json").toString(),
                project.resolve("verdicts.json").toString(), "--max-insns-increase", "10%", "--format", "json");
        assertThat(json.exit()).isEqualTo(1);
        JsonObject doc = JsonParser.parseString(json.out()).getAsJsonObject();
        JsonElement first = doc.getAsJsonArray("changes").get(0);
        assertThat(first.getAsJsonObject().getAsJsonObject("insns").get("delta").getAsInt()).isEqualTo(after - before);
        assertThat(first.getAsJsonObject().getAsJsonArray("failures")).hasSize(1);
        Cli.Run csv = Cli.run(null, "verify", "compare", project.resolve("ci/verifier-baseline.json").toString(),
                project.resolve("verdicts.json").toString(), "--format", "csv");
        assertThat(csv.exit()).as("without a limit a costlier accepted program passes").isZero();
        assertThat(csv.out().split("\r\n")[1]).startsWith("bpf/xdp_filter,xdp_filter.bpf.o,xdp_filter,debian ")
                .contains(",changed,accepted,accepted," + before + "," + after + "," + (after - before) + ",");
    }

    @Test
    void offATerminalTheJobsLogHasNoProgress() {
        for (Sh run : List.of(baseline, unchanged, costlier)) {
            assertThat(run.err()).as(run.command()).doesNotContain("\r").doesNotContain("booting");
        }
    }

    @Test
    void aBadLimitOrBaselineIsBadUsage() throws Exception {
        Path good = project.resolve("bpf/tc_count");
        Cli.Run word = Cli.run(null, "verify", good.toString(), "--baseline", "x.json", "--max-insns-increase", "ten");
        assertThat(word.exit()).isEqualTo(2);
        assertThat(word.err()).startsWith("opened verify: --max-insns-increase: 'ten' is not a limit; give a percentage (10%) or a count (500)");
        Cli.Run noBaseline = Cli.run(null, "verify", good.toString(), "--max-states-increase", "5%");
        assertThat(noBaseline.exit()).isEqualTo(2);
        assertThat(noBaseline.err()).startsWith("opened verify: the --max-... limits need --baseline OLD.json");
        Path notARun = Files.writeString(tmp.resolve("not-a-run.json"), "{\"hello\": 1}");
        Cli.Run bad = Cli.run(null, "verify", good.toString(), "--baseline", notARun.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("opened verify: " + notARun + ": not the JSON of an 'opened verify --format json' run\n");
        assertThat(bad.out()).isEmpty();
        Cli.Run compareOne = Cli.run(null, "verify", "compare", notARun.toString());
        assertThat(compareOne.exit()).isEqualTo(2);
    }
}
