package dev.opened.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.CrawlListener;
import dev.opened.callgraph.CrawlRequest;
import dev.opened.callgraph.Crawler;
import dev.opened.callgraph.FunctionRef;
import dev.opened.callgraph.testing.GitFixtures;
import dev.opened.common.OpenedException;
import dev.opened.extractor.ExtractRequest;
import dev.opened.extractor.Extractor;
import dev.opened.extractor.Manifest;
import dev.opened.extractor.Unit;

/**
 * What a user runs after OPENED wrote it: templates from {@code --templates}, hook names pasted into
 * {@code SEC()}, and the Makefile run with make. None of them may run a command that came from a
 * template, a hook name or a manifest's flags.
 */
class HostileTemplatesTest {
    @TempDir
    static Path tmp;
    static CallGraph graph;
    static Unit unit;

    @BeforeAll
    static void extract() {
        graph = CallGraph.open(tmp.resolve("cg.db"));
        new Crawler(graph, tmp.resolve("cache")).crawl(CrawlRequest.of(GitFixtures.corpusRepo("xdp-basics", tmp).toString()),
                CrawlListener.NONE);
        unit = new Extractor(graph).extract(new ExtractRequest(FunctionRef.parse("xdp_pass_prog@xdp-basics").resolve(graph),
                List.of()));
    }

    @AfterAll
    static void close() {
        graph.close();
    }

    @Test
    void aTemplateCannotReachJavaClasses() throws Exception {
        Path mine = Files.createDirectories(tmp.resolve("evil-templates"));
        Path marker = tmp.resolve("executed");
        Files.writeString(mine.resolve("Makefile.ftl"), "<#assign ex = \"freemarker.template.utility.Execute\"?new()>"
                + "${ex(\"touch " + marker + "\")}\n");
        Templates t = new Templates(mine, null);
        assertThatThrownBy(() -> t.makefile(unit.manifest(), Hook.parse("xdp", null))).isInstanceOf(OpenedException.class)
                .hasMessageStartingWith("template Makefile.ftl: ");
        assertThat(marker).doesNotExist();
        Files.writeString(mine.resolve("Makefile.ftl"), "${function?api.getClass().getName()}\n");
        assertThatThrownBy(() -> t.makefile(unit.manifest(), Hook.parse("xdp", null))).isInstanceOf(OpenedException.class);
    }

    @Test
    void hookTargetsAreNamesAndNothingElse() {
        assertThatThrownBy(() -> Hook.parse("kprobe/x\"); int evil(void) { return 0; } //", null))
                .isInstanceOf(OpenedException.class).hasMessageContaining("is not a kernel symbol name");
        assertThatThrownBy(() -> Hook.parse("tracepoint/syscalls/sys_enter_openat\")", null))
                .isInstanceOf(OpenedException.class).hasMessageContaining("is not a tracepoint CATEGORY/NAME");
        assertThatThrownBy(() -> Hook.parse("raw_tp/a b", null)).isInstanceOf(OpenedException.class);
        // a target taken over from the repository's own section string is checked the same way
        assertThatThrownBy(() -> Hook.parse("fentry", "kprobe/x\") int y(void){return 0;} SEC(\"kprobe/z"))
                .isInstanceOf(OpenedException.class);
        assertThatThrownBy(() -> Hook.parse("kprobe/x\u001b[2J", null)).isInstanceOf(OpenedException.class)
                .hasMessageNotContaining("\u001b");
        assertThat(Hook.parse("kprobe/tcp_v4_connect.isra.0", null).section()).isEqualTo("kprobe/tcp_v4_connect.isra.0");
        assertThat(Hook.parse("tracepoint/syscalls/sys_enter_openat", null).section())
                .isEqualTo("tracepoint/syscalls/sys_enter_openat");
    }

    @Test
    void makeRunsNoCommandFromTheManifestsFlags() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("unit"));
        Path marker = tmp.resolve("pwned");
        JsonObject m = JsonParser.parseString(unit.manifest().toJson()).getAsJsonObject();
        JsonArray defines = new JsonArray();
        defines.add("A=$(shell touch " + marker + ")");
        defines.add("B=`touch " + marker + "`");
        defines.add("C='x' # $$(touch " + marker + ")");
        defines.add("D=\"quoted value\"");
        m.add("defines", defines);
        Files.writeString(dir.resolve("opened.json"), m.toString());
        Files.writeString(dir.resolve(unit.manifest().unit()), "");
        Manifest hostile = Manifest.read(dir);
        String makefile = new Templates(null, GitFixtures.projectRoot().resolve("templates")).makefile(hostile, Hook.parse("xdp", null));
        // the variables and the build rule: the flags' whole path into a command (later rules attach and load)
        Files.writeString(dir.resolve("Makefile"), makefile.substring(0, makefile.indexOf("\nverify:")));
        // CLANG=echo: the recipe's words reach echo as clang would get them
        Process p = new ProcessBuilder("make", "-s", "CLANG=echo").directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(marker).doesNotExist();
        assertThat(out).contains("-DA=$(shell touch " + marker + ")", "-DB=`touch " + marker + "`",
                "-DC='x' # $$(touch " + marker + ")", "-DD=\"quoted value\"");
    }
}
