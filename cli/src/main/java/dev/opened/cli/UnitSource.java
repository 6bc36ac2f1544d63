package dev.opened.cli;

import java.nio.file.Path;
import java.util.List;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;
import dev.opened.extractor.ExtractRequest;
import dev.opened.extractor.Extractor;
import dev.opened.extractor.Unit;
import dev.opened.transformer.Diagnostic;
import dev.opened.transformer.Hookpoints;
import dev.opened.transformer.UnitDirs;

/**
 * Where a verb's unit comes from, for extract, retarget and hookpoints alike: a unit directory
 * that {@code opened extract} wrote, or a function of the graph extracted in memory; and where a
 * diagnostic at a unit line points for the user: the unit file in that directory, or the line of
 * the repo file the definition came from.
 *
 * @param unit the unit
 * @param dir the unit directory it was read from, or null when extracted
 * @param base the path an output directory is named after ({@code BASE-HOOK}): the directory, or {@code ./FUNC}
 * @param repoRoot where the user has the repo's files: their checkout ({@code --at}) or the crawled
 *        directory; null for a unit directory, or a repo crawled from a URL or a bare mirror
 */
record UnitSource(Unit unit, Path dir, Path base, Path repoRoot) {
    /** The unit in {@code dir}. */
    static UnitSource read(Path dir) {
        return new UnitSource(UnitDirs.read(dir), dir, dir, null);
    }

    /**
     * {@code f} extracted with {@code defines}; output named after it in {@code cwd}; diagnostics
     * in the checkout {@code at} found it in, if it came from {@code --at}.
     */
    static UnitSource extract(CallGraph graph, Definition f, List<String> defines, Path cwd, AtLine at) {
        Unit unit = new Extractor(graph).extract(new ExtractRequest(f, defines));
        Path root = at != null && at.function().repo().equals(f.repo()) ? at.root()
                : RepoPaths.localDirectory(graph.requireRepo(f.repo()));
        return new UnitSource(unit, null, cwd.resolve(f.name()), root);
    }

    /** A diagnostic at a unit line as one at the file the user has. */
    Diagnostic toUser(Diagnostic d) {
        if (dir != null) {
            return new Diagnostic(dir.resolve(unit.manifest().unit()).toString(), d.line(), d.column(), d.message());
        }
        Diagnostic s = Hookpoints.toSource(unit.manifest(), d);
        // a repo path as a path the user can open: never inside a bare mirror or a cache
        return new Diagnostic(RepoPaths.onDisk(repoRoot, s.file(), s.file()), s.line(), s.column(), s.message());
    }
}
