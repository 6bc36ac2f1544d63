package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Directive lines found only where a '#' starts them: the same matches as the pattern's own find(). */
class DirectivesTest {
    /** The crawler's directive patterns (IncludeRoots, IncludeFallback, Kinds), as they are written there. */
    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("(?m)^[ \\t]*#[ \\t]*include[ \\t]*([<\"])([^>\"\\n]+)[>\"]"),
            Pattern.compile("^\\s*#\\s*include\\s*\"([^\"]+)\"", Pattern.MULTILINE),
            Pattern.compile("(?m)^\\s*#\\s*(if|ifdef|elif|else)\\b"),
            Pattern.compile("(?m)^\\s*#\\s*ifndef\\b"));

    private static final String[] PIECES = {"#", "# ", "include", "include ", "\"a.h\"", "<b/c.h>", "\"", "<", ">", " ", "\t",
        "\n", "\r", "\r\n", "\f", "\u000B", "\u0085", "\u2028", "if", "ifdef", "ifndef", "elif", "else", "endif", "x", "_",
        "/* # */", "SEC(\"xdp\")", "\n#include \"d.h\"\n", "  #  ifdef X\n"};

    @Test
    void sameMatchesAsFindOnEdgeCases() {
        List<String> texts = List.of("", "#", "#include \"a.h\"", "  #include <x.h>\n#include \"y.h\"", "x #include \"no.h\"\n",
                "\n\n  \t#  include \"spaced.h\"", "#\ninclude \"split.h\"", "\r#include \"cr.h\"\r\n#include \"crlf.h\"",
                "a\u2028#include \"ls.h\"\u0085#if X\n#else\n#endif", "#ifndef G\n#define G\n#ifndef H\n#endif\n#endif\n",
                "#include \"a.h\"#include \"b.h\"\n#include \"c.h\"", "\f\u000B#if 1\n", "#ifdef#if\n #elif x\n#elsewhere\n");
        for (Pattern p : PATTERNS) {
            for (String t : texts) {
                assertThat(describe(Directives.find(p, t))).as("%s in %s", p, t).isEqualTo(describe(all(p, t)));
            }
        }
    }

    @Test
    void sameMatchesAsFindOnGeneratedTexts() {
        Random random = new Random(14);
        for (int n = 0; n < 3000; n++) {
            StringBuilder t = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                t.append(PIECES[random.nextInt(PIECES.length)]);
            }
            for (Pattern p : PATTERNS) {
                List<MatchResult> expected = all(p, t.toString());
                assertThat(describe(Directives.find(p, t.toString()))).as("%s in %s", p, t)
                        .isEqualTo(describe(expected));
                // asked for the first few, it gives those and stops
                for (int most = 1; most <= 2; most++) {
                    assertThat(describe(Directives.find(p, t.toString(), most))).as("%s first %d in %s", p, most, t)
                            .isEqualTo(describe(expected.subList(0, Math.min(most, expected.size()))));
                }
            }
        }
    }

    private static List<MatchResult> all(Pattern p, String text) {
        List<MatchResult> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.toMatchResult());
        }
        return out;
    }

    private static List<String> describe(List<MatchResult> matches) {
        List<String> out = new ArrayList<>();
        for (MatchResult m : matches) {
            StringBuilder d = new StringBuilder(m.start() + "-" + m.end());
            for (int g = 1; g <= m.groupCount(); g++) {
                d.append('|').append(m.group(g));
            }
            out.add(d.toString());
        }
        return out;
    }
}
