package dev.opened.callgraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorIncludeStatement;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorMacroDefinition;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorStatement;

/** The preprocessor's facts of one unit: the guards of each repo file, its includes and its macros. */
final class Preprocessing extends TuPass {
    Preprocessing(TuScan scan) {
        super(scan);
    }

    void guards() {
        Map<String, List<IASTPreprocessorStatement>> perFile = new HashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (IASTPreprocessorStatement s : tu.getAllPreprocessorStatements()) {
            IASTFileLocation loc = s.getFileLocation();
            String rel = loc == null ? null : relative(loc.getFileName());
            // a header read twice (reached by two spellings of its path, so the include guard is
            // met again) lists each directive once per reading: the first reading is the one that counts
            if (rel != null && seen.add(rel + ":" + loc.getNodeOffset())) {
                perFile.computeIfAbsent(rel, k -> new ArrayList<>()).add(s);
            }
        }
        perFile.forEach((path, list) -> {
            guardMaps.put(path, GuardMap.build(list, files.get(path).text(), lines(path)));
            if (list.stream().anyMatch(st -> !st.isActive() || GuardMap.skipped(st))) {
                inactiveIn.add(path);
            }
        });
    }

    void includes() {
        for (IASTPreprocessorIncludeStatement inc : tu.getIncludeDirectives()) {
            IASTFileLocation loc = inc.getFileLocation();
            String from = loc == null ? null : relative(loc.getFileName());
            if (from == null) {
                continue;
            }
            String resolved = inc.isResolved() ? relative(inc.getPath()) : null;
            String refused = inc.isResolved() ? null : scan.parser.gate().refusal(inc.getName().toString());
            if (refused != null) {
                problems.add(new Problem(from, loc.getStartingLineNumber(), "#include \"" + inc.getName()
                        + "\" names " + refused + ", outside the repository and the system include dirs: not read", tuPath));
            }
            if (resolved != null) {
                deps.put(resolved, files.get(resolved).id());
            }
            boolean system = resolved == null && (inc.isResolved() || inc.isSystemInclude());
            String text = files.get(from).text().substring(loc.getNodeOffset(), loc.getNodeOffset() + loc.getNodeLength());
            includes.add(new TuResult.Inc(from, loc.getStartingLineNumber(), CText.oneLine(text), system, resolved,
                    guardsAt(from, loc.getNodeOffset())));
        }
    }

    // ---- macros

    void macros() {
        for (IASTPreprocessorStatement s : tu.getAllPreprocessorStatements()) {
            if (!(s instanceof IASTPreprocessorMacroDefinition m)) {
                continue;
            }
            IASTFileLocation loc = m.getFileLocation();
            String path = loc == null ? null : relative(loc.getFileName());
            if (path == null || SnapshotProvider.isGeneratedKernelTypes(path)) {
                continue;
            }
            String text = files.get(path).text();
            int start = loc.getNodeOffset();
            int end = CText.endOfDirective(text, start);
            String name = new String(m.getName().toCharArray());
            if (isIncludeGuard(path, name, start)) {
                continue;
            }
            LineMap lm = lines(path);
            TuResult.Def d = new TuResult.Def(DefinitionKind.MACRO.name(), name, path, start, end, lm.line(start),
                    lm.line(Math.max(start, end - 1)), CText.oneLine(text.substring(start, end)), false, false, null,
                    guardsAt(path, start), m.isActive(), null);
            defs.add(d);
            macrosByName.computeIfAbsent(name, k -> new ArrayList<>()).add(d);
        }
    }

    private boolean isIncludeGuard(String path, String name, int offset) {
        GuardMap g = guardMaps.get(path);
        return g != null && name.equals(g.includeGuard()) && g.includeGuardDefineOffset() == offset;
    }
}
