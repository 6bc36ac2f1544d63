package dev.opened.callgraph;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;

/**
 * One pass over a parsed translation unit. The fields name the scan's collections so that the
 * passes read as if they were one walker, which they were before the split.
 */
abstract class TuPass {
    final TuScan scan;
    final String tuPath;
    final IASTTranslationUnit tu;
    final Map<String, SourceTree.Blob> files;
    final Map<String, GuardMap> guardMaps;
    final List<TuResult.Def> defs;
    final Map<String, List<TuResult.Def>> macrosByName;
    final Map<String, TuResult.Ref> refs;
    final Map<String, TuResult.HelperUse> helpers;
    final List<TuResult.Inc> includes;
    final List<Problem> problems;
    final Map<String, String> deps;
    final List<Object[]> walks;
    final Map<String, Integer> bodyStarts;
    final Set<String> inactiveIn;
    final Map<String, Integer> prototypeStarts;

    TuPass(TuScan scan) {
        this.scan = scan;
        this.tuPath = scan.tuPath;
        this.tu = scan.tu;
        this.files = scan.parser.files();
        this.guardMaps = scan.guardMaps;
        this.defs = scan.defs;
        this.macrosByName = scan.macrosByName;
        this.refs = scan.refs;
        this.helpers = scan.helpers;
        this.includes = scan.includes;
        this.problems = scan.problems;
        this.deps = scan.deps;
        this.walks = scan.walks;
        this.bodyStarts = scan.bodyStarts;
        this.inactiveIn = scan.inactiveIn;
        this.prototypeStarts = scan.prototypeStarts;
    }

    final String relative(String absolute) {
        return scan.parser.relative(absolute);
    }

    final LineMap lines(String path) {
        return scan.parser.lines(path);
    }

    final NameIndex names() {
        return scan.names();
    }

    final List<Guard> guardsAt(String path, int offset) {
        return scan.guardsAt(path, offset);
    }

    final void problem(IASTNode node, String message) {
        scan.problem(node, message);
    }
}
