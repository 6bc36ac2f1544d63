package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.internal.Streams;
import com.google.gson.stream.JsonReader;

/**
 * The verbs on a repository written to attack the user's terminal and to lose bytes, and on bad
 * arguments: control characters are shown, not sent; JSON stays JSON; units keep every byte;
 * bad input exits 2 with a message naming it.
 */
class HostileInputTest {
    @TempDir
    static Path tmp;
    static Path db;
    static Path repo;

    /** A comment in Latin-1 and a string literal that is not UTF-8, as raw bytes. */
    static final byte[] ODD_BYTES = "/* caf\u00e9 */ static const char odd[] = \"\u00e9\u00ff\";"
            .getBytes(StandardCharsets.ISO_8859_1);

    @BeforeAll
    static void crawl() throws IOException {
        repo = Files.createDirectories(tmp.resolve("r"));
        StringBuilder c = new StringBuilder();
        c.append("#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n");
        c.append("#include \"\u001b]0;owned\u0007.h\"\n");
        c.append("static __always_inline int helper(int x) { return x + 1; }\n");
        c.append("SEC(\"xdp\u001b[2J\") int xdp_esc(struct xdp_md *ctx) { return helper(1) ? XDP_PASS : XDP_DROP; }\n");
        c.append("SEC(\"xdp\") int xdp_ok(struct xdp_md *ctx) { return XDP_PASS; }\n");
        c.append("char _license[] SEC(\"license\") = \"GPL\";\n");
        Files.writeString(repo.resolve("prog.c"), c);
        try (var out = Files.newOutputStream(repo.resolve("odd.c"))) {
            out.write("#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n".getBytes(StandardCharsets.US_ASCII));
            out.write(ODD_BYTES);
            out.write("\nSEC(\"xdp\") int xdp_odd(struct xdp_md *ctx) { return odd[0] ? XDP_PASS : XDP_DROP; }\n"
                    .getBytes(StandardCharsets.US_ASCII));
        }
        db = tmp.resolve("cg.db");
        Cli.Run crawl = Cli.run(db, "crawl", repo.toString());
        assertThat(crawl.exit()).as(crawl.err()).isZero();
        assertThat(crawl.err()).doesNotContain("\u001b", "\u0007").contains("\\x1b]0;owned\\x07.h");
    }

    private static JsonElement strictJson(String s) throws IOException {
        JsonReader r = new JsonReader(new StringReader(s));
        r.setLenient(false);
        JsonElement e = Streams.parse(r);
        assertThat(r.peek()).isEqualTo(com.google.gson.stream.JsonToken.END_DOCUMENT);
        return e;
    }

    @Test
    void textOutputShowsControlCharactersInsteadOfSendingThem() {
        for (String[] args : new String[][] {{"funcs"}, {"show", "xdp_esc@r"}, {"problems"}, {"repos"}}) {
            Cli.Run run = Cli.run(db, args);
            assertThat(run.exit()).as(String.join(" ", args) + ": " + run.err()).isZero();
            assertThat(run.out() + run.err()).as(String.join(" ", args)).doesNotContain("\u001b", "\u0007");
        }
        assertThat(Cli.run(db, "funcs").out()).contains("xdp\\x1b[2J");
        assertThat(Cli.run(db, "show", "xdp_esc@r").out()).contains("xdp\\x1b[2J");
        assertThat(Cli.run(db, "show", "xdp_odd@r").out()).doesNotContain("\uef80");
        assertThat(Cli.run(db, "problems").out()).contains("\\x1b]0;owned\\x07.h");
    }

    @Test
    void jsonOutputIsValidAndCarriesTheTextAsItIs() throws IOException {
        Cli.Run funcs = Cli.run(db, "funcs", "--format", "json");
        assertThat(funcs.exit()).isZero();
        assertThat(strictJson(funcs.out()).toString()).contains("xdp\\u001b[2J");
        for (String[] args : new String[][] {{"show", "xdp_esc@r", "--format", "json"}, {"problems", "--format", "json"},
                {"show", "xdp_odd@r", "--format", "json"}}) {
            Cli.Run run = Cli.run(db, args);
            assertThat(run.exit()).as(run.err()).isZero();
            strictJson(run.out());
        }
    }

    @Test
    void anExtractedUnitKeepsEveryByteOfItsSource() throws IOException {
        Path out = tmp.resolve("odd-unit");
        Cli.Run run = Cli.run(db, "extract", "xdp_odd@r", "-o", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        byte[] unit = Files.readAllBytes(out.resolve("xdp_odd.c"));
        assertThat(indexOf(unit, "\"\u00e9\u00ff\"".getBytes(StandardCharsets.ISO_8859_1))).isNotNegative();
        assertThat(indexOf(unit, "\ufffd".getBytes(StandardCharsets.UTF_8))).isNegative();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void readVerbsRefuseAnEmptyDatabaseAndLeaveItEmpty() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.db"));
        Cli.Run run = Cli.run(empty, "funcs");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("opened funcs: " + empty + ": an empty file, not a call graph");
        assertThat(Files.size(empty)).isZero();
    }

    @Test
    void badArgumentsAreBadInput() throws IOException {
        Cli.Run root = Cli.run(db, "extract", "xdp_ok@r", "-o", "/", "--force");
        assertThat(root.exit()).isEqualTo(2);
        assertThat(root.err()).isEqualTo("opened extract: / is the file system's root; give -o a directory for the unit, "
                + "such as ./unit\n");
        Path unit = tmp.resolve("ok-unit");
        assertThat(Cli.run(db, "extract", "xdp_odd@r", "-o", unit.toString()).exit()).isZero();
        Cli.Run passwd = Cli.run(null, "verify", unit.toString(), "--kernel", "/etc/passwd");
        assertThat(passwd.exit()).as(passwd.err()).isEqualTo(2);
        assertThat(passwd.err()).contains("/etc/passwd: not a kernel image");
        for (String t : new String[] {"-5", "0"}) {
            Cli.Run boot = Cli.run(null, "verify", unit.toString(), "--boot-timeout=" + t);
            assertThat(boot.exit()).isEqualTo(2);
            assertThat(boot.err()).startsWith("opened verify: --boot-timeout takes a positive number of seconds, not '" + t + "'");
        }
    }

    @Test
    void extractAtThroughALinkOutOfTheRepositoryFindsNothing() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.c"), "#include <bpf/bpf_helpers.h>\nSEC(\"xdp\") int secret(void *c) { return 2; }\n");
        Path r2 = Files.createDirectories(tmp.resolve("r2"));
        Files.writeString(r2.resolve("prog.c"), "#include <bpf/bpf_helpers.h>\nSEC(\"xdp\") int mine(void *c) { return 2; }\n");
        Files.createSymbolicLink(r2.resolve("link.c"), outside.resolve("secret.c"));
        Path db2 = tmp.resolve("cg2.db");
        assertThat(Cli.run(db2, "crawl", r2.toString()).exit()).isZero();
        Cli.Run at = Cli.run(db2, "extract", "--at", r2.resolve("link.c") + ":2", "-o", tmp.resolve("at").toString());
        assertThat(at.exit()).isEqualTo(2);
        assertThat(at.err()).doesNotContain("secret@");
        assertThat(tmp.resolve("at")).doesNotExist();
    }

    @Test
    void aCrawlThatCouldNotParseAUnitExitsOne() throws IOException {
        Path r3 = Files.createDirectories(tmp.resolve("r3"));
        StringBuilder bomb = new StringBuilder("#include <bpf/bpf_helpers.h>\n#define B0 x+\n");
        for (int i = 1; i <= 40; i++) {
            bomb.append("#define B").append(i).append(" B").append(i - 1).append(" B").append(i - 1).append('\n');
        }
        bomb.append("SEC(\"xdp\") int bomb(void *ctx) { int x = 1; return B40 0; }\n");
        Files.writeString(r3.resolve("bomb.c"), bomb);
        Files.writeString(r3.resolve("good.c"), "#include <bpf/bpf_helpers.h>\nSEC(\"xdp\") int good(void *c) { return 2; }\n");
        String old = System.setProperty("opened.parse.alloc.mb", "1024");
        try {
            Cli.Run run = Cli.run(tmp.resolve("cg3.db"), "crawl", r3.toString());
            assertThat(run.exit()).as(run.err()).isEqualTo(1);
            assertThat(run.out()).contains("1 translation unit could not be parsed");
            assertThat(run.err()).contains("r3/bomb.c:1:1: error: could not be parsed");
            assertThat(Cli.run(tmp.resolve("cg3.db"), "funcs").out()).contains("good@r3");
        } finally {
            if (old == null) {
                System.clearProperty("opened.parse.alloc.mb");
            } else {
                System.setProperty("opened.parse.alloc.mb", old);
            }
        }
    }
}
