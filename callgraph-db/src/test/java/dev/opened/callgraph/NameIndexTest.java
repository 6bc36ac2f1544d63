package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTName;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.dom.ast.IBinding;
import org.eclipse.cdt.core.dom.ast.ILabel;
import org.eclipse.cdt.core.dom.ast.IMacroBinding;
import org.eclipse.cdt.core.dom.ast.gnu.c.GCCLanguage;
import org.eclipse.cdt.core.model.ILanguage;
import org.eclipse.cdt.core.parser.ExtendedScannerInfo;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.core.parser.NullLogService;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContentProvider;
import org.junit.jupiter.api.Test;

/** The one-walk index answers what CDT's per-binding AST walk answers, for every binding of a unit. */
class NameIndexTest {
    private static final String C = """
            struct fwd;
            struct fwd *keep_fwd;
            struct pair { int a; struct fwd *f; };
            struct pair;
            struct pair p1, *p2;
            typedef struct pair pair_t;
            typedef struct { int x; } anon_t;
            enum color { RED, GREEN = 4, BLUE };
            enum color paint;
            union u { int i; char c[4]; };
            static int counter;
            extern int shared;
            int shared = 3;
            static int twice(int x);
            static int twice(int x) { return x * 2; }
            int (*fp)(int) = twice;
            int unused_proto(pair_t *p, enum color c);
            #ifdef NOT_SET
            static int hidden(void) { return RED; }
            #endif
            #define SQUARE(x) ((x) * (x))
            int main_fn(pair_t *p, int n)
            {
                struct pair local = { .a = n };
                enum color c = GREEN;
                union u v = { .i = n };
                int k;
                for (k = 0; k < n; k++)
                    counter += twice(k) + SQUARE(k) + v.c[0];
                if (n > 100) goto out;
                counter += fp(local.a) + shared + c + p->a + p1.a + undeclared(n);
            out:
                return counter + BLUE;
            }
            """;

    @Test
    void everyBindingHasTheDeclarationsAndDefinitionsCdtFinds() throws Exception {
        IASTTranslationUnit tu = GCCLanguage.getDefault().getASTTranslationUnit(FileContent.create("/t/x.c", C.toCharArray()),
                new ExtendedScannerInfo(Map.of(), new String[0], null, null), new InternalFileContentProvider() {
                    @Override
                    public org.eclipse.cdt.internal.core.parser.scanner.InternalFileContent getContentForInclusion(String p,
                            org.eclipse.cdt.internal.core.parser.IMacroDictionary d) {
                        return null;
                    }

                    @Override
                    public org.eclipse.cdt.internal.core.parser.scanner.InternalFileContent getContentForInclusion(
                            org.eclipse.cdt.core.index.IIndexFileLocation ifl, String astPath) {
                        return null;
                    }
                }, null, ILanguage.OPTION_PARSE_INACTIVE_CODE, new NullLogService());
        Map<IBinding, Boolean> bindings = new IdentityHashMap<>();
        tu.accept(new ASTVisitor(true) {
            @Override
            public int visit(IASTName name) {
                IBinding b = name.resolveBinding();
                if (b != null && !(b instanceof ILabel) && !(b instanceof IMacroBinding)) {
                    bindings.put(b, true);
                }
                return PROCESS_CONTINUE;
            }
        });
        NameIndex index = NameIndex.of(tu);
        List<String> checked = new ArrayList<>();
        for (IBinding b : bindings.keySet()) {
            assertThat(index.declarations(b)).as("declarations of " + b).containsExactly(tu.getDeclarationsInAST(b));
            assertThat(index.definitions(b)).as("definitions of " + b).containsExactly(tu.getDefinitionsInAST(b));
            checked.add(b.getName());
        }
        // the cases that matter: forward-declared and re-declared types, prototypes, enumerators, globals
        assertThat(checked).contains("fwd", "pair", "pair_t", "color", "RED", "BLUE", "twice", "shared", "counter", "u",
                "main_fn", "undeclared");
        assertThat(index.declarations(bindingNamed(bindings, "twice"))).hasSize(2);
        assertThat(index.definitions(bindingNamed(bindings, "twice"))).hasSize(1);
        assertThat(index.declarations(bindingNamed(bindings, "undeclared"))).isEmpty();
    }

    private static IBinding bindingNamed(Map<IBinding, Boolean> bindings, String name) {
        return bindings.keySet().stream().filter(b -> b.getName().equals(name)).findFirst().orElseThrow();
    }
}
