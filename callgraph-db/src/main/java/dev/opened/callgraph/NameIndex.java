package dev.opened.callgraph;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTCompositeTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTElaboratedTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTEnumerationSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTEnumerationSpecifier.IASTEnumerator;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition;
import org.eclipse.cdt.core.dom.ast.IASTName;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTParameterDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.dom.ast.IBinding;
import org.eclipse.cdt.core.dom.ast.ICompositeType;
import org.eclipse.cdt.core.dom.ast.IEnumeration;
import org.eclipse.cdt.core.dom.ast.IEnumerator;

/**
 * The declaring names of every binding of one C translation unit, found in one walk of its AST.
 *
 * <p>CDT's {@code IASTTranslationUnit.getDeclarationsInAST} walks the whole AST (every system and
 * libbpf header included) for each binding asked about; asked once per name used, that made a crawl
 * quadratic in the functions of a file (a 50k-line generated file took minutes). This index answers
 * the same questions from one walk. It keeps CDT's rules for C (its {@code CollectDeclarationsAction}):
 * declarators of function definitions, simple and parameter declarations; struct, union and enum
 * specifiers, and an elaborated specifier only while no specifier declared the type yet or when it
 * is a bare forward declaration; enumerators; active code only; names in walk order. Labels are
 * left out: the crawler never asks about them.
 *
 * <p>A name whose binding cannot be resolved made CDT's walk throw for every binding the walk would
 * have resolved it for; the index remembers such a failure and throws it again for those bindings,
 * so callers lose the same references as before.
 */
final class NameIndex {
    private static final IASTName[] NONE = new IASTName[0];

    private final Map<IBinding, List<IASTName>> names = new IdentityHashMap<>();
    private Throwable declaratorFailure;
    private Throwable specifierFailure;
    private Throwable enumeratorFailure;

    private NameIndex() {
    }

    /** Walks {@code tu} once. */
    static NameIndex of(IASTTranslationUnit tu) {
        NameIndex index = new NameIndex();
        tu.accept(index.new Walk());
        return index;
    }

    /** What {@code tu.getDeclarationsInAST(binding)} answers, for bindings other than labels and macros. */
    IASTName[] declarations(IBinding binding) {
        rethrow(binding);
        List<IASTName> l = names.get(binding);
        return l == null ? NONE : l.toArray(IASTName[]::new);
    }

    /** What {@code tu.getDefinitionsInAST(binding)} answers: the declarations that are definitions. */
    IASTName[] definitions(IBinding binding) {
        rethrow(binding);
        List<IASTName> l = names.get(binding);
        if (l == null) {
            return NONE;
        }
        return l.stream().filter(IASTName::isDefinition).toArray(IASTName[]::new);
    }

    private void rethrow(IBinding binding) {
        boolean type = binding instanceof ICompositeType || binding instanceof IEnumeration;
        throwIfSet(type ? specifierFailure : declaratorFailure);
        if (binding instanceof IEnumerator) {
            throwIfSet(enumeratorFailure);
        }
    }

    private static void throwIfSet(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    private void add(IBinding b, IASTName name) {
        names.computeIfAbsent(b, k -> new ArrayList<>(2)).add(name);
    }

    private final class Walk extends ASTVisitor {
        /** Types a struct, union or enum specifier (or a first elaborated one) declared already. */
        private final Set<IBinding> declared = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

        Walk() {
            shouldVisitDeclarators = true;
            shouldVisitDeclSpecifiers = true;
            shouldVisitEnumerators = true;
        }

        @Override
        public int visit(IASTDeclarator declarator) {
            IASTName name = declarator.getName();
            if (name == null || name.toCharArray().length == 0) {
                return PROCESS_CONTINUE;
            }
            IASTNode parent = declarator.getParent();
            while (parent != null && !(parent instanceof IASTDeclaration || parent instanceof IASTParameterDeclaration)) {
                parent = parent.getParent();
            }
            if (!(parent instanceof IASTFunctionDefinition || parent instanceof IASTSimpleDeclaration
                    || parent instanceof IASTParameterDeclaration)) {
                return PROCESS_CONTINUE;
            }
            try {
                IBinding b = name.resolveBinding();
                if (b != null && !(b instanceof ICompositeType) && !(b instanceof IEnumeration)) {
                    add(b, name);
                }
            } catch (RuntimeException | StackOverflowError e) {
                declaratorFailure = declaratorFailure == null ? e : declaratorFailure;
            }
            return PROCESS_CONTINUE;
        }

        @Override
        public int visit(IASTDeclSpecifier spec) {
            try {
                if (spec instanceof IASTCompositeTypeSpecifier c) {
                    IBinding b = c.getName().resolveBinding();
                    if (b instanceof ICompositeType) {
                        declared.add(b);
                        add(b, c.getName());
                    }
                } else if (spec instanceof IASTEnumerationSpecifier e) {
                    IBinding b = e.getName().resolveBinding();
                    if (b instanceof IEnumeration) {
                        declared.add(b);
                        add(b, e.getName());
                    }
                } else if (spec instanceof IASTElaboratedTypeSpecifier el) {
                    IBinding b = el.getName().resolveBinding();
                    if (b instanceof ICompositeType || b instanceof IEnumeration) {
                        // once declared, an elaborated use counts only as a bare forward declaration
                        IASTNode parent = spec.getParent();
                        boolean bare = parent instanceof IASTSimpleDeclaration s && s.getDeclarators().length == 0;
                        if (!declared.contains(b) || bare) {
                            declared.add(b);
                            add(b, el.getName());
                        }
                    }
                }
            } catch (RuntimeException | StackOverflowError e) {
                specifierFailure = specifierFailure == null ? e : specifierFailure;
            }
            return PROCESS_CONTINUE;
        }

        @Override
        public int visit(IASTEnumerator enumerator) {
            try {
                IBinding b = enumerator.getName().resolveBinding();
                if (b instanceof IEnumerator) {
                    add(b, enumerator.getName());
                }
            } catch (RuntimeException | StackOverflowError e) {
                enumeratorFailure = enumeratorFailure == null ? e : enumeratorFailure;
            }
            return PROCESS_CONTINUE;
        }
    }
}
