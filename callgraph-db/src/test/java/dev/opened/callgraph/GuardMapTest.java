package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.dom.ast.gnu.c.GCCLanguage;
import org.eclipse.cdt.core.model.ILanguage;
import org.eclipse.cdt.core.parser.ExtendedScannerInfo;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.core.parser.IncludeFileContentProvider;
import org.eclipse.cdt.core.parser.NullLogService;
import org.junit.jupiter.api.Test;

/** {@link GuardMap} alone, on one file parsed in memory (CDT's preprocessor only: no clang, no disk). */
class GuardMapTest {

    private static GuardMap guards(String text) throws Exception {
        IASTTranslationUnit tu = GCCLanguage.getDefault().getASTTranslationUnit(FileContent.create("/t.h", text.toCharArray()),
                new ExtendedScannerInfo(Map.of("ON", "1"), new String[0], null, null),
                IncludeFileContentProvider.getEmptyFilesProvider(), null, ILanguage.OPTION_PARSE_INACTIVE_CODE,
                new NullLogService());
        return GuardMap.build(Arrays.asList(tu.getAllPreprocessorStatements()), text, new LineMap(text));
    }

    @Test
    void anIncludeGuardIsNotACondition() throws Exception {
        String text = "/* c */\n#ifndef T_H\n#define T_H\nint a;\n#ifdef FEAT\nint b;\n#else\nint c;\n#endif\n#endif\n";
        GuardMap map = guards(text);
        assertThat(map.includeGuard()).isEqualTo("T_H");
        assertThat(map.includeGuardDefineOffset()).isEqualTo(text.indexOf("#define T_H"));
        assertThat(map.at(text.indexOf("int a"))).isEmpty();
        List<Guard> b = map.at(text.indexOf("int b"));
        assertThat(b).singleElement().satisfies(g -> {
            assertThat(g.directives()).containsExactly("#ifdef FEAT");
            assertThat(g.taken()).isFalse();
            assertThat(g.macros()).containsExactly("FEAT");
            assertThat(g.line()).isEqualTo(5);
        });
        List<Guard> c = map.at(text.indexOf("int c"));
        assertThat(c).singleElement().satisfies(g -> {
            assertThat(g.directives()).containsExactly("#ifdef FEAT", "#else");
            assertThat(g.taken()).isTrue();
        });
    }

    @Test
    void nestedConditionsStackAndDefinedIsNotAMacro() throws Exception {
        String text = "#if defined(ON) && X > 2\n#ifndef Y\nint d;\n#endif\nint e;\n#endif\nint f;\n";
        GuardMap map = guards(text);
        assertThat(map.includeGuard()).isNull();
        List<Guard> d = map.at(text.indexOf("int d"));
        assertThat(d).extracting(Guard::directives).containsExactly(List.of("#if defined(ON) && X > 2"), List.of("#ifndef Y"));
        assertThat(d.get(0).macros()).containsExactly("ON", "X");
        assertThat(map.at(text.indexOf("int e"))).hasSize(1);
        assertThat(map.at(text.indexOf("int f"))).isEmpty();
    }

    @Test
    void anIfndefThatDoesNotWrapTheWholeFileIsACondition() throws Exception {
        String text = "#ifndef LIMIT\n#define LIMIT 8\n#endif\nint g;\n";
        GuardMap map = guards(text);
        assertThat(map.includeGuard()).isNull();
        assertThat(map.at(text.indexOf("#define"))).singleElement().extracting(Guard::macros).isEqualTo(List.of("LIMIT"));
        assertThat(map.at(text.indexOf("int g"))).isEmpty();
    }
}
