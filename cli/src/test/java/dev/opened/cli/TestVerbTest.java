package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * {@code opened test} end to end, one boot of Debian's kernel: the corpus router and a kprobe run
 * on three packets from a pcap file; the router's return codes, output frame and map are what its
 * source says, and the kprobe is not testable, with why.
 */
@Tag("kernel")
class TestVerbTest {
    @TempDir
    static Path tmp;
    static Cli.Run run;
    static JsonObject doc;

    /** An IPv4/UDP frame to 10.0.0.2 with TTL 64, an IPv6 one, and a frame shorter than Ethernet's header. */
    static final String ROUTED = "020000000002020000000001080045000024002a000040119c6d0a0000010a000002d4310035001000000102030405060708";
    static final String IPV6 = "02000000000202000000000186dd6000000000083b40fd000000000000000000000000000001fd00000000000000000000000000000200000000000000000";
    static final String SHORT = "0200000000020200";

    static byte[] pcap(String... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(h.array());
        for (String hex : frames) {
            byte[] f = HexFormat.of().parseHex(hex.length() % 2 == 0 ? hex : hex + "0");
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(1).putInt(0).putInt(f.length).putInt(f.length);
            out.writeBytes(r.array());
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    @BeforeAll
    static void testTheRouterAndAKprobeInOneBoot() throws Exception {
        Path db = tmp.resolve("cg.db");
        for (String repo : new String[] {"router", "tracing"}) {
            assertThat(Cli.run(db, "crawl", GitFixtures.corpusRepo(repo, tmp).toString()).exit()).isZero();
        }
        assertThat(Cli.run(db, "extract", "xdp_router@router", "-o", tmp.resolve("u-router").toString()).exit()).isZero();
        assertThat(Cli.run(db, "extract", "trace_openat2@tracing", "-o", tmp.resolve("u-kprobe").toString()).exit()).isZero();
        Files.write(tmp.resolve("three.pcap"), pcap(ROUTED, IPV6, SHORT));
        run = Cli.run(db, "test", tmp.resolve("u-router").toString(), tmp.resolve("u-kprobe").toString(),
                "--packets", tmp.resolve("three.pcap").toString(), "--format", "json");
        doc = JsonParser.parseString(run.out()).getAsJsonObject();
    }

    private static JsonObject runOf(String program) {
        for (JsonElement e : doc.getAsJsonArray("runs")) {
            if (e.getAsJsonObject().get("program").getAsString().equals(program)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError(program + " not in " + run.out());
    }

    @Test
    void theRouterRedirectsDecrementsTheTtlAndCountsTheAction() {
        assertThat(run.exit()).as(run.err()).isZero();
        JsonArray results = runOf("xdp_router").getAsJsonArray("results");
        assertThat(results).hasSize(3);
        JsonObject routed = results.get(0).getAsJsonObject();
        assertThat(routed.get("ret").getAsLong()).isEqualTo(4); // XDP_REDIRECT
        String out = routed.get("out").getAsString();
        assertThat(out.substring(44, 46)).isEqualTo("3f"); // TTL 64 → 63
        assertThat(out.substring(0, 44)).isEqualTo(ROUTED.substring(0, 44));
        assertThat(routed.getAsJsonArray("maps").toString()).contains("action_counts 04000000 0100000000000000");
        // each packet starts from the maps as loaded: the IPv6 frame's count is its own
        JsonObject passed = results.get(1).getAsJsonObject();
        assertThat(passed.get("ret").getAsLong()).isEqualTo(2); // XDP_PASS
        assertThat(passed.getAsJsonArray("maps").toString()).contains("action_counts 02000000 0100000000000000")
                .doesNotContain("action_counts 04000000");
        // shorter than an Ethernet header: the kernel refuses the test run itself
        assertThat(results.get(2).getAsJsonObject().get("errno").getAsInt()).isEqualTo(22);
    }

    @Test
    void aTracingProgramIsNotTestableAndSaysWhy() {
        JsonObject kprobe = runOf("trace_openat2");
        assertThat(kprobe.get("verdict").getAsString()).isEqualTo("untestable");
        assertThat(kprobe.get("message").getAsString()).contains("runs on kernel events, not on packets");
        assertThat(kprobe.getAsJsonArray("results")).isEmpty();
    }
}
