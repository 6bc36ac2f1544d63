package dev.opened.callgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
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
        IASTTranslationUnit tu = parse(C);
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

    private static IASTTranslationUnit parse(String c) throws Exception {
        return GCCLanguage.getDefault().getASTTranslationUnit(FileContent.create("/t/x.c", c.toCharArray()),
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
    }

    @Test
    void aHelpersParameterIsNoDeclarationOfTheGlobalOfItsName() throws Exception {
        // as bpf_helper_defs.h declares a helper before the unit declares its globals; nothing of
        // the AST resolved before the index is asked, as in a crawl
        String c = """
                static long (*bpf_get_ns_current_pid_tgid)(unsigned long long dev, unsigned long long ino) = (void *) 120;
                unsigned long long dev;
                int use(void) { return bpf_get_ns_current_pid_tgid(dev, 0); }
                int with_param(unsigned long long dev) { return dev; }
                """;
        IASTTranslationUnit tu = parse(c);
        NameIndex index = NameIndex.of(tu);
        List<IASTName> uses = new ArrayList<>();
        tu.accept(new ASTVisitor() {
            {
                shouldVisitNames = true;
            }

            @Override
            public int visit(IASTName name) {
                if (name.toString().equals("dev") && name.getParent() instanceof IASTIdExpression) {
                    uses.add(name);
                }
                return PROCESS_CONTINUE;
            }
        });
        assertThat(uses).hasSize(2);
        IASTName[] global = index.declarations(uses.get(0).resolveBinding());
        assertThat(global).hasSize(1);
        assertThat(global[0].getFileLocation().getNodeOffset()).isEqualTo(c.indexOf("long long dev;") + "long long ".length());
        assertThat(index.definitions(uses.get(0).resolveBinding())).containsExactly(global);
        IASTName[] param = index.declarations(uses.get(1).resolveBinding());
        assertThat(param).hasSize(1);
        assertThat(param[0].getFileLocation().getNodeOffset())
                .isEqualTo(c.indexOf("(unsigned long long dev)") + "(unsigned long long ".length());
    }

    private static IBinding bindingNamed(Map<IBinding, Boolean> bindings, String name) {
        return bindings.keySet().stream().filter(b -> b.getName().equals(name)).findFirst().orElseThrow();
    }
}
