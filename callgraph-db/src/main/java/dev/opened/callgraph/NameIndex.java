package dev.opened.callgraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
import org.eclipse.cdt.core.dom.ast.IParameter;

/**
 * The declaring names of the bindings of one C translation unit, from one walk of its AST.
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
 * <p>The walk files the candidate names under their spelling and resolves none: a unit's headers
 * declare thousands of names and a unit asks about a few dozen, so a binding's candidates (the
 * names spelled as it is) are resolved when it is first asked about, and the answer kept. A
 * candidate that cannot be resolved makes every question about its spelling and kind fail, as
 * CDT's walk fails for the bindings it would have resolved it for.
 */
final class NameIndex {
    private static final IASTName[] NONE = new IASTName[0];

    /** What a candidate name declares, as CDT's walk tells the kinds apart. */
    private enum Kind {
        /** The declarator of a function definition or of a simple declaration. */
        DECLARATOR,
        /**
         * A parameter's declarator. Resolved out of walk order, the parameter of a helper's prototype
         * ({@code bpf_helper_defs.h} declares {@code __u64 dev}) resolves to a global of the same name
         * that the unit declares after it: only a parameter's own binding is looked for among them.
         */
        PARAMETER,
        /** A struct, union or enum specifier with a body. */
        DECLARING_SPECIFIER,
        /** An elaborated specifier alone in its declaration ({@code struct fwd;}). */
        BARE_SPECIFIER,
        /** An elaborated specifier used in a declaration of something else. */
        ELABORATED_SPECIFIER,
        ENUMERATOR
    }

    private record Candidate(IASTName name, Kind kind) {
    }

    /** Each spelling's candidate names, in walk order. */
    private final Map<String, List<Candidate>> candidates = new HashMap<>();
    private final Map<IBinding, IASTName[]> answers = new IdentityHashMap<>();

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
        IASTName[] a = answers.get(binding);
        if (a == null) {
            a = answer(binding);
            answers.put(binding, a);
        }
        return a.length == 0 ? NONE : a.clone();
    }

    /** What {@code tu.getDefinitionsInAST(binding)} answers: the declarations that are definitions. */
    IASTName[] definitions(IBinding binding) {
        IASTName[] all = declarations(binding);
        if (all.length == 0) {
            return NONE;
        }
        return java.util.Arrays.stream(all).filter(IASTName::isDefinition).toArray(IASTName[]::new);
    }

    private IASTName[] answer(IBinding binding) {
        boolean type = binding instanceof ICompositeType || binding instanceof IEnumeration;
        boolean parameter = binding instanceof IParameter;
        boolean enumerator = binding instanceof IEnumerator;
        List<IASTName> out = new ArrayList<>(2);
        boolean declared = false;
        for (Candidate c : candidates.getOrDefault(binding.getName(), List.of())) {
            boolean asked = switch (c.kind()) {
                case DECLARATOR -> !type;
                case PARAMETER -> parameter;
                case ENUMERATOR -> enumerator;
                default -> type;
            };
            if (!asked || c.name().resolveBinding() != binding) {
                continue;
            }
            if (c.kind() == Kind.ELABORATED_SPECIFIER && declared) {
                continue; // once declared, an elaborated use counts only as a bare forward declaration
            }
            declared |= type;
            out.add(c.name());
        }
        return out.toArray(IASTName[]::new);
    }

    private void add(IASTName name, Kind kind) {
        candidates.computeIfAbsent(new String(name.getSimpleID()), k -> new ArrayList<>(2)).add(new Candidate(name, kind));
    }

    private final class Walk extends ASTVisitor {
        Walk() {
            shouldVisitDeclarators = true;
            shouldVisitDeclSpecifiers = true;
            shouldVisitEnumerators = true;
        }

        @Override
        public int visit(IASTDeclarator declarator) {
            IASTName name = declarator.getName();
            if (name == null || name.getSimpleID().length == 0) {
                return PROCESS_CONTINUE;
            }
            IASTNode parent = declarator.getParent();
            while (parent != null && !(parent instanceof IASTDeclaration || parent instanceof IASTParameterDeclaration)) {
                parent = parent.getParent();
            }
            if (parent instanceof IASTFunctionDefinition || parent instanceof IASTSimpleDeclaration) {
                add(name, Kind.DECLARATOR);
            } else if (parent instanceof IASTParameterDeclaration) {
                add(name, Kind.PARAMETER);
            }
            return PROCESS_CONTINUE;
        }

        @Override
        public int visit(IASTDeclSpecifier spec) {
            if (spec instanceof IASTCompositeTypeSpecifier c) {
                add(c.getName(), Kind.DECLARING_SPECIFIER);
            } else if (spec instanceof IASTEnumerationSpecifier e) {
                add(e.getName(), Kind.DECLARING_SPECIFIER);
            } else if (spec instanceof IASTElaboratedTypeSpecifier el) {
                IASTNode parent = spec.getParent();
                boolean bare = parent instanceof IASTSimpleDeclaration s && s.getDeclarators().length == 0;
                add(el.getName(), bare ? Kind.BARE_SPECIFIER : Kind.ELABORATED_SPECIFIER);
            }
            return PROCESS_CONTINUE;
        }

        @Override
        public int visit(IASTEnumerator enumerator) {
            add(enumerator.getName(), Kind.ENUMERATOR);
            return PROCESS_CONTINUE;
        }
    }
}
