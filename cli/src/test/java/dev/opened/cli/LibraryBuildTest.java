package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;
import dev.opened.callgraph.testing.GitFixtures;

/**
 * End to end: the whole test corpus crawled from JGit-made repos, then {@code opened library build}
 * for xdp and tc (one boot of Debian's kernel for every unit and every original), then the same
 * build again, which must make nothing; and the catalog's index.html in headless Chromium.
 */
@Tag("kernel")
class LibraryBuildTest {
    @TempDir
    static Path tmp;
    static Path db;
    static Path lib;
    static Cli.Run first;
    static JsonObject second;
    static JsonArray units;
    static Set<String> expected = new TreeSet<>();

    @BeforeAll
    static void buildTwice() throws Exception {
        db = tmp.resolve("cg.db");
        lib = tmp.resolve("lib");
        for (String repo : List.of("lb", "xdp-basics", "tracing")) {
            assertThat(Cli.run(db, "crawl", GitFixtures.corpusRepo(repo, tmp).toString()).exit()).isZero();
        }
        try (CallGraph graph = CallGraph.openExisting(db)) {
            for (Definition f : graph.definitions(null, DefinitionKind.FUNCTION)) {
                if (f.active()) {
                    expected.add(f.repo() + "/" + f.path() + "-" + f.name());
                }
            }
        }
        first = Cli.run(db, "library", "build", "--hook", "own", "--hook", "xdp", "--hook", "tc", "-o", lib.toString(), "-j", "2");
        assertThat(first.exit()).as(first.err()).isZero();
        units = JsonParser.parseString(Files.readString(lib.resolve("catalog.json"))).getAsJsonObject().getAsJsonArray("units");
        Cli.Run again = Cli.run(db, "library", "build", "--hook", "own", "--hook", "xdp", "--hook", "tc", "-o", lib.toString(),
                "--format", "json");
        assertThat(again.exit()).as(again.err()).isZero();
        second = JsonParser.parseString(again.out()).getAsJsonObject();
        System.out.println(first.out());
    }

    private static List<JsonObject> rows() {
        List<JsonObject> out = new ArrayList<>();
        units.forEach(e -> out.add(e.getAsJsonObject()));
        return out;
    }

    private static JsonObject row(String id) {
        return rows().stream().filter(r -> r.get("id").getAsString().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id));
    }

    @Test
    void everyFunctionOfTheCorpusIsInTheCatalogForBothHooks() {
        Set<String> ids = new TreeSet<>();
        rows().forEach(r -> ids.add(r.get("id").getAsString()));
        Set<String> want = new TreeSet<>();
        expected.forEach(base -> {
            want.add(base + "/own");
            want.add(base + "/xdp");
            want.add(base + "/tc");
        });
        assertThat(ids).isEqualTo(want);
        assertThat(first.out()).contains(want.size() + " units (" + want.size() + " made, 0 unchanged");
        assertThat(first.out()).contains("; 1 boots");
    }

    @Test
    void everyUnitHasItsOriginalAndItsOwnResults() {
        for (JsonObject r : rows()) {
            String id = r.get("id").getAsString();
            assertThat(r.get("original").isJsonObject()).as(id).isTrue();
            JsonObject result = r.getAsJsonArray("results").get(0).getAsJsonObject();
            assertThat(result.get("kernel").getAsString()).isEqualTo("debian");
            if (r.getAsJsonObject("original").get("compiles").getAsBoolean()) {
                assertThat(result.get("original").isJsonObject()).as(id).isTrue();
                assertThat(result.getAsJsonObject("original").get("verdict").getAsString()).as(id)
                        .isIn("accepted", "rejected", "not-loadable", "no-programs", "untestable");
            }
            switch (r.get("status").getAsString()) {
                case "built" -> {
                    if (r.get("hook").getAsString().equals("own") && r.get("programType").isJsonNull()) {
                        // a function that is no program, as extracted: compiled, nothing to load
                        assertThat(result.get("unit").isJsonNull()).as(id).isTrue();
                        assertThat(lib.resolve(r.getAsJsonObject("files").get("source").getAsString())).as(id).isRegularFile();
                        continue;
                    }
                    assertThat(result.getAsJsonObject("unit").get("verdict").getAsString()).as(id).isIn("accepted", "rejected", "not-loadable", "untestable");
                    assertThat(lib.resolve(r.getAsJsonObject("files").get("source").getAsString())).as(id).isRegularFile();
                    assertThat(lib.resolve(r.getAsJsonObject("files").get("makefile").getAsString())).as(id).isRegularFile();
                    assertThat(lib.resolve(r.getAsJsonObject("files").get("log").getAsString())).as(id).isRegularFile();
                }
                case "refused", "not-built" -> assertThat(r.get("reason").getAsString()).as(id).isNotBlank();
                default -> throw new AssertionError(id + ": " + r.get("status") + " " + r.get("reason"));
            }
        }
        JsonObject tc = row("lb/balancer.c-balancer_ingress/tc");
        assertThat(tc.get("status").getAsString()).isEqualTo("built");
        JsonObject res = tc.getAsJsonArray("results").get(0).getAsJsonObject();
        assertThat(res.getAsJsonObject("original").get("verdict").getAsString()).isEqualTo("accepted");
        assertThat(res.getAsJsonObject("unit").get("verdict").getAsString()).isEqualTo("accepted");
        assertThat(res.getAsJsonObject("unit").get("insnsProcessed").getAsInt()).isPositive();
        assertThat(tc.getAsJsonArray("fittingHooks").toString()).contains("xdp", "tc");
        // XDP_TX has no tc equivalent: a refused row with the reason at the source line, not a crash
        JsonObject tx = row("xdp-basics/packet02-rewrite/xdp_rewrite_kern.c-xdp_icmp_echo_prog/tc");
        assertThat(tx.get("status").getAsString()).isEqualTo("refused");
        assertThat(tx.get("reason").getAsString()).contains("xdp_rewrite_kern.c:53:9: error: XDP_TX has no equivalent in tc");
        assertThat(tx.getAsJsonArray("fittingHooks").toString()).isEqualTo("[\"xdp\"]");
        // a helper function's original is the program of its translation unit that calls it
        JsonObject helper = row("lb/include/pckt_parsing.h-parse_eth/xdp");
        assertThat(helper.getAsJsonArray("results").get(0).getAsJsonObject().getAsJsonObject("original")
                .getAsJsonArray("programs").toString()).contains("balancer_ingress");
    }

    @Test
    void everyProgramAsExtractedGetsItsOriginalsVerdict() {
        int programs = 0;
        for (JsonObject r : rows()) {
            if (!r.get("hook").getAsString().equals("own") || r.get("programType").isJsonNull()) {
                continue;
            }
            programs++;
            String id = r.get("id").getAsString();
            assertThat(r.get("status").getAsString()).as(id + " " + r.get("reason")).isEqualTo("built");
            JsonObject result = r.getAsJsonArray("results").get(0).getAsJsonObject();
            assertThat(result.getAsJsonObject("unit").get("verdict").getAsString()).as(id)
                    .isEqualTo(result.getAsJsonObject("original").get("verdict").getAsString());
            assertThat(r.get("defect").getAsBoolean()).as(id).isFalse();
        }
        // lb's two programs, xdp-basics' dozen, tracing's kprobes and tracepoints
        assertThat(programs).isGreaterThan(10);
    }

    @Test
    void defectsAreListedFirstGroupedByCause() {
        long defects = rows().stream().filter(r -> r.get("defect").getAsBoolean()).count();
        for (JsonObject r : rows()) {
            if (r.get("defect").getAsBoolean()) {
                assertThat(r.get("cause").getAsString()).doesNotContainPattern(":\\d+:").doesNotContainPattern("\\b\\d+\\b");
            }
        }
        if (defects > 0) {
            assertThat(first.out()).startsWith("OPENED defects (the unit fails where its original passes), by cause:");
        }
        assertThat(first.out()).contains("; " + defects + " OPENED defects;");
    }

    @Test
    void theSecondRunMakesNothingAndBootsNothing() throws Exception {
        assertThat(second.get("units").getAsInt()).isEqualTo(units.size());
        assertThat(second.get("rebuilt").getAsInt()).isZero();
        assertThat(second.get("reused").getAsInt()).isEqualTo(units.size());
        assertThat(second.get("boots").getAsInt()).isZero();
        JsonArray again = JsonParser.parseString(Files.readString(lib.resolve("catalog.json"))).getAsJsonObject().getAsJsonArray("units");
        assertThat(again).isEqualTo(units);
    }

    @Test
    void badInputIsExit2() {
        assertThat(Cli.run(db, "library", "build").exit()).isEqualTo(2);
        assertThat(Cli.run(db, "library", "build", "--repo", "nosuch", "-o", tmp.resolve("x").toString()).exit()).isEqualTo(2);
        Cli.Run hook = Cli.run(db, "library", "build", "--hook", "bogus", "-o", tmp.resolve("x").toString());
        assertThat(hook.exit()).isEqualTo(2);
        assertThat(hook.err()).contains("--hook bogus");
        assertThat(Cli.run(db, "library", "build", "--kernel", tmp.resolve("no-bzImage").toString(), "-o",
                tmp.resolve("x").toString()).exit()).isEqualTo(2);
    }

    /** Headless Chromium opens index.html from disk; a filter in the URL's fragment narrows the rows. */
    @Test
    void theIndexFiltersInABrowser() throws Exception {
        Path page = lib.resolve("index.html");
        String all = dumpDom(page.toUri().toString());
        String xdp = dumpDom(page.toUri() + "#hook=xdp&name=parse");
        int allRows = count(all);
        int xdpRows = count(xdp);
        long want = rows().stream().filter(r -> r.get("hook").getAsString().equals("xdp")
                && (r.get("function").getAsString() + " " + r.get("path").getAsString() + " " + r.get("id").getAsString())
                        .toLowerCase().contains("parse")).count();
        assertThat(allRows).isEqualTo(units.size());
        assertThat(want).isPositive();
        assertThat(xdpRows).isEqualTo((int) want).isLessThan(allRows);
        assertThat(xdp).contains(want + " of " + units.size() + " units");
        Path shot = tmp.resolve("index.png");
        chromium("--window-size=1400,900", "--screenshot=" + shot, page.toUri() + "#hook=xdp");
        byte[] png = Files.readAllBytes(shot);
        assertThat(png.length).isGreaterThan(1000);
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        Path keep = System.getProperty("opened.screenshot") == null ? null : Path.of(System.getProperty("opened.screenshot"));
        if (keep != null) {
            Files.copy(shot, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static int count(String dom) {
        Matcher m = Pattern.compile("<tr class=\"[^\"]*\" data-id=").matcher(dom);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String dumpDom(String url) throws Exception {
        return chromium("--dump-dom", url);
    }

    private static String chromium(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("chromium.err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("chromium.err"))).isZero();
        return out;
    }
}
