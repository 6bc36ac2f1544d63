package dev.opened.callgraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;

/**
 * What the walk of one AST collects, and the order of its passes: preprocessor facts first
 * (guards decide which definitions are inactive), then declarations, then the references that
 * need every definition's place, then the lexical uses, then the parser's problems.
 */
final class TuScan {
    final TuParser parser;
    final String tuPath;
    final IASTTranslationUnit tu;
    final Map<String, GuardMap> guardMaps = new HashMap<>();
    final List<TuResult.Def> defs = new ArrayList<>();
    final Map<String, List<TuResult.Def>> macrosByName = new HashMap<>();
    final Map<String, TuResult.Ref> refs = new LinkedHashMap<>();
    final Map<String, TuResult.HelperUse> helpers = new LinkedHashMap<>();
    final List<TuResult.Inc> includes = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>();
    final Map<String, String> deps = new TreeMap<>();
    /** Each definition with the AST node its references are read from; merging replaces the definition. */
    final List<Object[]> walks = new ArrayList<>();
    final Map<String, Integer> bodyStarts = new HashMap<>();
    /** Repo files where this unit's configuration skipped a branch: only they hide definitions. */
    final java.util.Set<String> inactiveIn = new java.util.TreeSet<>();
    final Map<String, Integer> prototypeStarts = new HashMap<>();
    private NameIndex names;

    TuScan(TuParser parser, String tuPath, IASTTranslationUnit tu) {
        this.parser = parser;
        this.tuPath = tuPath;
        this.tu = tu;
    }

    /** Built at the first lookup, as CDT's own lookup walked the AST then: bindings resolve in the same order. */
    NameIndex names() {
        if (names == null) {
            names = NameIndex.of(tu);
        }
        return names;
    }

    TuResult collect() {
        deps.put(tuPath, parser.files().get(tuPath).id());
        Preprocessing pre = new Preprocessing(this);
        pre.guards();
        pre.includes();
        pre.macros();
        Declarations declarations = new Declarations(this);
        for (IASTDeclaration d : tu.getDeclarations(true)) {
            try {
                declarations.declaration(d);
            } catch (RuntimeException | StackOverflowError e) {
                problem(d, "could not index this declaration: " + e);
            }
        }
        declarations.mergeMacroPrograms();
        References references = new References(this, new DefPlaces(defs));
        for (Object[] w : walks) {
            if (w[0] == null) {
                continue;
            }
            try {
                references.references((TuResult.Def) w[0], (IASTNode) w[1]);
            } catch (RuntimeException | StackOverflowError e) {
                problem((IASTNode) w[1], "could not resolve the references of " + ((TuResult.Def) w[0]).name() + ": " + e);
            }
        }
        LexicalUses lexical = new LexicalUses(this, references);
        for (TuResult.Def d : defs) {
            lexical.macroReferences(d);
        }
        new TuProblems(this).problems();
        return new TuResult(tuPath, deps, defs, new ArrayList<>(refs.values()), new ArrayList<>(helpers.values()),
                includes, problems, new ArrayList<>(inactiveIn));
    }

    List<Guard> guardsAt(String path, int offset) {
        GuardMap g = guardMaps.get(path);
        return g == null ? List.of() : g.at(offset);
    }

    void problem(IASTNode node, String message) {
        IASTFileLocation loc = node.getFileLocation();
        if (loc == null) {
            problems.add(new Problem(tuPath, 1, message, tuPath));
            return;
        }
        String rel = parser.relative(loc.getFileName());
        if (rel == null) {
            return; // system headers' own problems say nothing about this repo
        }
        problems.add(new Problem(rel, loc.getStartingLineNumber(), message, tuPath));
    }
}
