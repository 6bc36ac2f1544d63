package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonParser;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * {@code --at FILE:LINE} from the user's own clone of a repo that was crawled from a bare mirror:
 * the clone is matched by what it holds, and every diagnostic names a file on the user's disk.
 */
class AtCheckoutTest {
    /** {@code PATH:LINE:COL: severity: message} at column 0, as the IDE recipes parse it. */
    static final Pattern DIAGNOSTIC = Pattern.compile("(?m)^(\\S.*?):(\\d+):(\\d+): (error|warning|note): (.*)$");

    @TempDir
    static Path tmp;
    static Path db;
    static Path mirror;
    static Path checkout;

    @BeforeAll
    static void crawlTheMirrorAndCloneElsewhere() throws Exception {
        Path upstream = GitFixtures.corpusRepo("lb", tmp.resolve("upstream"));
        mirror = tmp.resolve("mirrors/lb.git");
        try (Git g = Git.cloneRepository().setURI(upstream.toUri().toString()).setDirectory(mirror.toFile()).setBare(true).call()) {
            assertThat(g.getRepository().isBare()).isTrue();
        }
        db = tmp.resolve("cg.db");
        Cli.Run crawl = Cli.run(db, "crawl", mirror.toString(), "--name", "lb");
        assertThat(crawl.exit()).as(crawl.err()).isZero();
        // the user's clone comes from the upstream, not from the mirror that was crawled
        checkout = tmp.resolve("home/me/src/lb-work");
        try (Git g = Git.cloneRepository().setURI(upstream.toUri().toString()).setDirectory(checkout.toFile()).call()) {
            assertThat(g.getRepository().isBare()).isFalse();
        }
    }

    @Test
    void everyVerbFindsTheFunctionInTheUsersCheckout() {
        String at = checkout.resolve("balancer.c") + ":70";
        Cli.Run extract = Cli.run(db, "extract", "--at", at, "-o", tmp.resolve("out-extract").toString(), "--format", "json");
        assertThat(extract.exit()).as(extract.err()).isZero();
        assertThat(JsonParser.parseString(extract.out()).getAsJsonObject().getAsJsonObject("manifest").get("function")
                .getAsString()).isEqualTo("pick_real");
        Cli.Run show = Cli.run(db, "show", "--at", at);
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("pick_real").contains("lb@").contains("balancer.c:65-");
        Cli.Run byName = Cli.run(db, "show", "--at", checkout.resolve("balancer.c") + ":pick_real");
        assertThat(byName.exit()).as(byName.err()).isZero();
        assertThat(byName.out()).isEqualTo(show.out());
        assertThat(Cli.run(db, "show", "--at", checkout.resolve("balancer.c") + ":tc_vlan_tag").err())
                .startsWith(checkout.resolve("balancer.c") + ":1:1: error: no function tc_vlan_tag in this file");
        Cli.Run callers = Cli.run(db, "callers", "--at", at);
        assertThat(callers.exit()).as(callers.err()).isZero();
        assertThat(callers.out()).contains("balancer_ingress");
        Cli.Run callees = Cli.run(db, "callees", "--at", checkout.resolve("balancer.c") + ":90");
        assertThat(callees.exit()).as(callees.err()).isZero();
        assertThat(callees.out()).contains("pick_real").contains("process_l3_headers");
        for (Cli.Run r : List.of(extract, show, callers, callees)) {
            assertThat(r.out() + r.err()).doesNotContain(mirror.toString());
        }
    }

    @Test
    void diagnosticsNameFilesInTheCheckout() {
        String at = checkout.resolve("tunnel_tc.c") + ":28";
        Cli.Run retarget = Cli.run(db, "retarget", "--at", at, "--hook", "xdp", "-o", tmp.resolve("out-xdp").toString());
        assertThat(retarget.exit()).as(retarget.err()).isEqualTo(1);
        List<Matcher> diagnostics = diagnostics(retarget.err());
        assertThat(diagnostics).isNotEmpty();
        assertThat(diagnostics).anySatisfy(m -> {
            assertThat(m.group(1)).isEqualTo(checkout.resolve("tunnel_tc.c").toString());
            assertThat(m.group(2)).isEqualTo("29");
            assertThat(m.group(5)).contains("bpf_skb_vlan_push");
        });
        Cli.Run hookpoints = Cli.run(db, "hookpoints", "--at", at);
        assertThat(hookpoints.exit()).as(hookpoints.err()).isZero();
        assertThat(hookpoints.out()).containsPattern("tc\\s+sched_cls\\s+fits");
        assertThat(diagnostics(hookpoints.out())).isNotEmpty();
        for (Cli.Run r : List.of(retarget, hookpoints)) {
            for (Matcher m : diagnostics(r.out() + r.err())) {
                assertThat(Path.of(m.group(1))).as(m.group()).isRegularFile().startsWith(checkout);
            }
            assertThat(r.out() + r.err()).doesNotContain(mirror.toString());
        }
    }

    @Test
    void anEditedFileIsAWarningAndAForeignCheckoutAnErrorAtTheLine() throws Exception {
        Path edited = tmp.resolve("home/me/src/lb-edited");
        GitFixtures.copyTree(checkout, edited);
        Path file = edited.resolve("balancer.c");
        Files.writeString(file, Files.readString(file) + "\n/* mine */\n");
        Cli.Run show = Cli.run(db, "show", "--at", file + ":70");
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.err()).startsWith(file + ":70:1: warning: this file is not the version crawled");

        // same path, unrelated history and content: not the crawled repo
        Path foreign = GitFixtures.repo(tmp.resolve("home/me/src/other"), Map.of("balancer.c", "int f(void)\n{\n\treturn 0;\n}\n"));
        Cli.Run other = Cli.run(db, "extract", "--at", foreign.resolve("balancer.c") + ":2");
        assertThat(other.exit()).isEqualTo(2);
        List<Matcher> d = diagnostics(other.err());
        assertThat(d).hasSize(1);
        assertThat(d.get(0).group(1)).isEqualTo(foreign.resolve("balancer.c").toString());
        assertThat(d.get(0).group(5)).contains("holds no crawled version of balancer.c");

        Cli.Run blank = Cli.run(db, "extract", "--at", checkout.resolve("balancer.c") + ":1");
        assertThat(blank.exit()).isEqualTo(2);
        assertThat(blank.err()).startsWith(checkout.resolve("balancer.c") + ":1:1: error: no function here");
        assertThat(Cli.run(db, "extract", "--at", "balancer.c").err()).contains("--at takes FILE:LINE");
    }

    static List<Matcher> diagnostics(String text) {
        List<Matcher> all = new ArrayList<>();
        Matcher m = DIAGNOSTIC.matcher(text);
        while (m.find()) {
            all.add(DIAGNOSTIC.matcher(m.group()));
            all.get(all.size() - 1).matches();
        }
        return all;
    }
}
