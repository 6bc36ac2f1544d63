package dev.opened.callgraph;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
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
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition;
import org.eclipse.cdt.core.dom.ast.IASTName;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTParameterDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTProblem;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.dom.ast.gnu.c.GCCLanguage;
import org.eclipse.cdt.core.model.ILanguage;
import org.eclipse.cdt.core.parser.ExtendedScannerInfo;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.core.parser.IncludeFileContentProvider;
import org.eclipse.cdt.core.parser.NullLogService;

/**
 * A {@code vmlinux.h} (already slimmed by {@link KernelTypesSlim}) parsed once per crawl into its
 * file-level declarations, each with the names it declares and the names it uses. A unit's parse
 * is then given a stand-in holding only the declarations its names reach: the same text with every
 * other declaration cut down to its line breaks, so the lines of what is kept, and so the lines of
 * the problems the parser reports in it, stay those of the whole file. Preprocessor lines, code the
 * parse here left inactive, and declarations whose names are not known here are always kept.
 *
 * <p>Why this keeps the graph: C looks a name up only where it is written, so a declaration none of
 * whose names the unit (or a kept declaration) writes changes no binding of the unit.
 * {@link #missing} is the check of that after each parse: a name of the unit's AST (macro
 * expansions and inactive code included) that a cut declaration declares sends the unit back to
 * be parsed with it.
 */
final class KernelTypesIndex {
    private final String text;
    /** File-level declarations in text order: [start, end) offsets. */
    private final int[] starts;
    private final int[] ends;
    private final List<Set<String>> uses = new ArrayList<>();
    private final BitSet always = new BitSet();
    private final Map<String, List<Integer>> declaring = new HashMap<>();

    private KernelTypesIndex(String text, List<int[]> ranges) {
        this.text = text;
        this.starts = new int[ranges.size()];
        this.ends = new int[ranges.size()];
        for (int i = 0; i < ranges.size(); i++) {
            starts[i] = ranges.get(i)[0];
            ends[i] = ranges.get(i)[1];
        }
    }

    /** Parses {@code slim} (named {@code path}) once, with the unit's {@code macros}. */
    static KernelTypesIndex of(String path, String slim, Map<String, String> macros) {
        IASTTranslationUnit tu;
        try {
            tu = GCCLanguage.getDefault().getASTTranslationUnit(FileContent.create(path, slim.toCharArray()),
                    new ExtendedScannerInfo(macros, new String[0], null, null), IncludeFileContentProvider.getEmptyFilesProvider(),
                    null, ILanguage.OPTION_PARSE_INACTIVE_CODE, new NullLogService());
        } catch (Exception | StackOverflowError e) {
            return null;
        }
        List<int[]> ranges = new ArrayList<>();
        List<IASTDeclaration> kept = new ArrayList<>();
        int last = 0;
        for (IASTDeclaration d : tu.getDeclarations(true)) {
            IASTFileLocation loc = d.getFileLocation();
            if (loc == null || !path.equals(loc.getFileName()) || loc.getNodeOffset() < last) {
                continue; // left in the text between declarations, which is always kept
            }
            int start = loc.getNodeOffset();
            int end = start + loc.getNodeLength();
            if (end > slim.length()) {
                continue;
            }
            ranges.add(new int[] {start, end});
            kept.add(d);
            last = end;
        }
        KernelTypesIndex index = new KernelTypesIndex(slim, ranges);
        for (int i = 0; i < kept.size(); i++) {
            index.add(i, kept.get(i));
        }
        return index;
    }

    private void add(int i, IASTDeclaration d) {
        Set<String> declared = new HashSet<>();
        Set<String> used = new HashSet<>();
        boolean known = d.isActive() && (d instanceof IASTSimpleDeclaration || d instanceof IASTFunctionDefinition)
                && !text.substring(starts[i], ends[i]).contains("\n#");
        if (d instanceof IASTSimpleDeclaration s) {
            for (IASTDeclarator dd : s.getDeclarators()) {
                declared.add(innermost(dd).getName().toString());
            }
        } else if (d instanceof IASTFunctionDefinition f) {
            declared.add(innermost(f.getDeclarator()).getName().toString());
        }
        // struct, union and enum tags and enumerators anywhere inside are file-scope names in C
        boolean[] problem = {false};
        d.accept(new ASTVisitor() {
            {
                shouldVisitNames = true;
                shouldVisitDeclSpecifiers = true;
                shouldVisitEnumerators = true;
                shouldVisitProblems = true;
                includeInactiveNodes = true;
            }

            @Override
            public int visit(IASTProblem p) {
                problem[0] = true; // reported where the file is a repo file: the stand-in must keep it
                return PROCESS_CONTINUE;
            }

            @Override
            public int visit(IASTDeclSpecifier spec) {
                if (spec instanceof IASTCompositeTypeSpecifier c) {
                    declared.add(c.getName().toString());
                } else if (spec instanceof IASTElaboratedTypeSpecifier e && !inParameters(e)) {
                    // a `struct x` in a prototype's parameters is scoped to the prototype
                    declared.add(e.getName().toString());
                } else if (spec instanceof IASTEnumerationSpecifier e) {
                    declared.add(e.getName().toString());
                    for (IASTEnumerationSpecifier.IASTEnumerator en : e.getEnumerators()) {
                        declared.add(en.getName().toString());
                    }
                }
                return PROCESS_CONTINUE;
            }

            @Override
            public int visit(IASTName name) {
                used.add(name.toString());
                return PROCESS_CONTINUE;
            }
        });
        declared.remove("");
        if (!known || problem[0] || declared.isEmpty()) {
            always.set(i);
        }
        for (String n : declared) {
            declaring.computeIfAbsent(n, k -> new ArrayList<>()).add(i);
        }
        uses.add(used);
    }

    private static boolean inParameters(IASTNode node) {
        for (IASTNode n = node.getParent(); n != null; n = n.getParent()) {
            if (n instanceof IASTParameterDeclaration) {
                return true;
            }
        }
        return false;
    }

    private static IASTDeclarator innermost(IASTDeclarator d) {
        while (d.getNestedDeclarator() != null) {
            d = d.getNestedDeclarator();
        }
        return d;
    }

    /** The declarations {@code wanted} reaches, and the names they use, added to {@code wanted}. */
    BitSet reach(Set<String> wanted) {
        BitSet keep = new BitSet(starts.length);
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
        for (int i = always.nextSetBit(0); i >= 0; i = always.nextSetBit(i + 1)) {
            keep.set(i);
            uses.get(i).stream().filter(wanted::add).forEach(todo::add);
        }
        todo.addAll(wanted);
        while (!todo.isEmpty()) {
            List<Integer> ds = declaring.get(todo.pop());
            if (ds == null) {
                continue;
            }
            for (int i : ds) {
                if (!keep.get(i)) {
                    keep.set(i);
                    uses.get(i).stream().filter(wanted::add).forEach(todo::add);
                }
            }
        }
        return keep;
    }

    /** The text with the declarations outside {@code keep} cut down to their line breaks. */
    String standIn(BitSet keep) {
        StringBuilder out = new StringBuilder(text.length() / 4);
        int at = 0;
        for (int i = 0; i < starts.length; i++) {
            if (keep.get(i)) {
                continue;
            }
            out.append(text, at, starts[i]);
            for (int j = starts[i]; j < ends[i]; j++) {
                if (text.charAt(j) == '\n') {
                    out.append('\n');
                }
            }
            at = ends[i];
        }
        return out.append(text, at, text.length()).toString();
    }

    /** Names among {@code names} that a declaration outside {@code keep} declares. */
    Set<String> missing(BitSet keep, Set<String> names) {
        Set<String> out = new HashSet<>();
        for (String n : names) {
            List<Integer> ds = declaring.get(n);
            if (ds != null && ds.stream().anyMatch(i -> !keep.get(i))) {
                out.add(n);
            }
        }
        return out;
    }
}
