package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A header without its comments is the same header to a C preprocessor: clang's {@code -E} output,
 * line markers included, is the same for the text and for it, on texts written to be hard and on
 * the kernel's and libbpf's headers of this machine.
 */
@Tag("clang")
class UncommentedTest {
    private static final String HARD = String.join("\n",
            "/* a file comment",
            " * over lines */",
            "#ifndef GUARD_H",
            "#define GUARD_H /* trailing */",
            "#define SUM 1 /* a comment over",
            "   two lines */ + 2",
            "#define SPLICED 3 \\",
            "   /* inside a spliced directive */ + 4",
            "// a line comment \\",
            "   continued by a backslash",
            "static const char *s = \"/* not a comment */ // nor this\";",
            "static const char *e = \"an escaped \\\" quote /* still a string */\";",
            "static int c = '/' * 2 + '\\'' ; int d = SUM; int f = SPLICED;",
            "int g = 4 / *&c; //* a line comment, not a block */",
            "int h = 1; /**/ int i = 2; /***/ int j = 3;",
            "struct x { int a; /* field */ int b; // field",
            "};",
            "#endif /* GUARD_H */",
            "int after;",
            "");

    @Test
    void aHardTextPreprocessesTheSame(@TempDir Path tmp) throws Exception {
        assertSame(tmp, HARD);
        assertSame(tmp, HARD.replace("\n", "\r\n"));
    }

    @Test
    void aTextWithoutCommentsIsTheSameArray() {
        char[] text = "int x; /x/\n\"//\"".toCharArray();
        assertThat(Uncommented.of(text)).isEqualTo(text);
        assertThat(new String(Uncommented.of("a/**/b//c\nd".toCharArray()))).isEqualTo("a b \nd");
    }

    @Test
    void theMachinesKernelAndLibbpfHeadersPreprocessTheSame(@TempDir Path tmp) throws Exception {
        List<Path> headers = new ArrayList<>();
        for (String dir : List.of("/usr/include/linux", "/usr/include/bpf")) {
            if (Files.isDirectory(Path.of(dir))) {
                try (Stream<Path> s = Files.list(Path.of(dir))) {
                    s.filter(p -> p.toString().endsWith(".h")).sorted().limit(60).forEach(headers::add);
                }
            }
        }
        assertThat(headers).as("the kernel's UAPI headers (linux-libc-dev) are installed").isNotEmpty();
        long removed = 0;
        for (Path h : headers) {
            String text = Files.readString(h, StandardCharsets.ISO_8859_1);
            removed += text.length() - Uncommented.of(text.toCharArray()).length;
            assertSame(tmp, text);
        }
        assertThat(removed).as("the headers had comments to take out").isPositive();
    }

    private static void assertSame(Path tmp, String text) throws Exception {
        String stripped = new String(Uncommented.of(text.toCharArray()));
        assertThat(stripped.chars().filter(c -> c == '\n').count()).isEqualTo(text.chars().filter(c -> c == '\n').count());
        assertThat(preprocessed(tmp, text)).isEqualTo(preprocessed(tmp, stripped));
    }

    /** clang -E of the text as a file of its own, spaces within a line made one (a comment was several). */
    private static List<String> preprocessed(Path tmp, String text) throws IOException, InterruptedException {
        Path in = tmp.resolve("h.c");
        Files.writeString(in, text, StandardCharsets.ISO_8859_1);
        Path out = tmp.resolve("h.i");
        Process p = new ProcessBuilder("clang", "-E", "-x", "c", "-w", "-D__KERNEL__", "-I/usr/include", in.toString(),
                "-o", out.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("clang.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new ArrayList<>();
        if (p.exitValue() != 0) {
            // a header that does not stand alone: its error message, without the file's text, is compared
            lines.add("exit " + p.exitValue());
            for (String l : Files.readAllLines(tmp.resolve("clang.log"), StandardCharsets.ISO_8859_1)) {
                if (l.contains("error:")) {
                    lines.add(l.substring(l.indexOf("error:")));
                }
            }
            return lines;
        }
        for (String l : Files.readAllLines(out, StandardCharsets.ISO_8859_1)) {
            lines.add(l.strip().replaceAll("[ \\t]+", " "));
        }
        return lines;
    }
}
