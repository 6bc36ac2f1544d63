package dev.opened.transformer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTMacroExpansionLocation;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTNodeLocation;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;

import dev.opened.callgraph.CSource;
import dev.opened.extractor.Manifest;
import dev.opened.extractor.Unit;

/**
 * One retarget's state, which every {@link Pass} reads and adds to: the unit's text, its AST
 * (parsed from memory when a pass first needs it), the rule table in use with the regions it
 * applies to, and what the passes made (edits, diagnostics, headers, an appended entry program).
 * {@link #finish} turns it into the new unit.
 */
final class Job {
    private static final Pattern INCLUDE = Pattern.compile("(?m)^#\\s*include[^\\n]*\\n");

    final Unit unit;
    /** The unit's C file as the parser names it: AST locations in the unit itself carry this path. */
    final Path file;
    final Hook hook;
    final String text;
    /** The user's rule tables, before the project's; null for the project's only. */
    final Path userRules;
    final Edits edits = new Edits();
    final List<Diagnostic> errors = new ArrayList<>();
    final List<Diagnostic> warnings = new ArrayList<>();
    final List<Integer> errorOffsets = new ArrayList<>();
    /** Helpers rewritten to a counterpart: the allow-list check leaves them to the counterpart. */
    final Set<String> mapped = new LinkedHashSet<>();
    final List<String> pendingHeaders = new ArrayList<>();
    String appended = "";
    final List<Manifest.EntryProgram> newPrograms = new ArrayList<>();

    /** The table the rewrite passes apply, the entry programs, and every function that takes the old context. */
    RuleTable table;
    List<Region> programs = List.of();
    List<Region> contextFunctions = List.of();
    /** True when action codes flow as values and stay the source hook's inside ({@link ActionBoundary}). */
    boolean boundary;

    private IASTTranslationUnit ast;
    private List<Region> functions;

    Job(Unit unit, Hook hook, Path userRules) {
        this.unit = unit;
        this.file = CSource.unitPath(unit.manifest().unit());
        this.hook = hook;
        this.text = unit.source();
        this.userRules = userRules;
    }

    /** Sets the table the rewrite passes apply next, and the regions it applies to. */
    void use(RuleTable table, List<Region> programs, List<Region> contextFunctions) {
        this.table = table;
        this.programs = List.copyOf(programs);
        this.contextFunctions = List.copyOf(contextFunctions);
        this.boundary = ActionBoundary.needed(this, table, programs, functions());
    }

    IASTTranslationUnit ast() {
        if (ast == null) {
            ast = CSource.parseUnit(unit.files(), unit.manifest().unit(), unit.manifest().defines());
        }
        return ast;
    }

    void warn(int offset, String message) {
        warnings.add(diagnostic(offset, message));
    }

    void error(int offset, String message) {
        errors.add(diagnostic(offset, message));
        errorOffsets.add(offset);
    }

    /** At a line of the unit's C file, named as the manifest names it: callers know where the unit is. */
    private Diagnostic diagnostic(int offset, String message) {
        return new Diagnostic(unit.manifest().unit(), Edits.lineOf(text, offset), Edits.columnOf(text, offset), message);
    }

    /** The functions of the unit, from the manifest's lines. */
    List<Region> functions() {
        if (functions == null) {
            functions = new ArrayList<>();
            for (Manifest.Taken t : unit.manifest().definitions()) {
                if (t.kind().equals("function")) {
                    functions.add(region(t.name(), t.unitStartLine()));
                }
            }
        }
        return functions;
    }

    boolean inFunction(int offset) {
        return functions().stream().anyMatch(r -> r.contains(offset));
    }

    /** The function starting at unit line {@code line}: to the brace that closes its body. */
    Region region(String name, int line) {
        int start = Edits.lineStart(text, line);
        int body = text.indexOf('{', start);
        int depth = 0;
        int end = text.length();
        for (int i = body; i >= 0 && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                end = i + 1;
                break;
            }
        }
        return new Region(name, start, body < 0 ? start : body, end);
    }

    /** A node's offset and length when it is written in the unit itself, not made by a macro. */
    int[] physical(IASTNode node) {
        IASTNodeLocation[] locs = node.getNodeLocations();
        if (locs.length != 1 || locs[0] instanceof IASTMacroExpansionLocation) {
            return null;
        }
        IASTFileLocation f = node.getFileLocation();
        if (f == null || !f.getFileName().equals(file.toString())) {
            return null;
        }
        return new int[] {f.getNodeOffset(), f.getNodeLength()};
    }

    /** The new unit: the edits applied, errors as {@code #error} lines when forced, the manifest retargeted. */
    Retargeter.Result finish(boolean force) {
        Manifest m = unit.manifest();
        if (!errors.isEmpty() && force) {
            for (Diagnostic d : errors) {
                int lineStart = Edits.lineStart(text, d.line());
                edits.insert(lineStart, "#error \"" + d.message().replace("\\", "\\\\").replace("\"", "'")
                        + "\"\n", "error " + d.message());
            }
        }
        if (!pendingHeaders.isEmpty()) {
            edits.insert(lastIncludeEnd(), String.join("\n", pendingHeaders) + "\n", "headers " + String.join(", ", pendingHeaders));
        }
        String edited = edits.apply(text) + appended;
        List<Manifest.Rule> rules = new ArrayList<>();
        for (Edits.Edit e : edits.all()) {
            rules.add(new Manifest.Rule(e.rule(), Edits.lineOf(edited, edits.map(e.offset()) - (e.length() == 0 ? e.text().length() : 0))));
        }
        Set<Integer> changed = new java.util.TreeSet<>(edits.changedLines(edited));
        if (!appended.isEmpty()) {
            int first = Edits.lineOf(edited, edited.length() - appended.length());
            int last = Edits.lineOf(edited, edited.length() - 1);
            for (int l = first; l <= last; l++) {
                changed.add(l);
            }
            rules.add(new Manifest.Rule("entry program for " + hook.section() + " from templates/hooks/" + hook.family()
                    + ".ftl", first));
        }
        List<Manifest.EntryProgram> entries = new ArrayList<>();
        for (Manifest.EntryProgram ep : m.entryPrograms()) {
            boolean moved = m.programType() != null && m.programType().equals(ep.programType());
            int newLine = Edits.lineOf(edited, edits.map(Edits.lineStart(text, ep.line())));
            entries.add(new Manifest.EntryProgram(ep.name(), moved ? hook.section() : ep.section(),
                    moved ? hook.programType() : ep.programType(), newLine));
        }
        entries.addAll(newPrograms);
        Manifest.Retarget how = new Manifest.Retarget(m.programType() == null ? "helper" : m.programType(),
                hook.programType(), hook.spec(), rules, new ArrayList<>(changed));
        Manifest nm = m.retargeted(m.section() == null ? null : hook.section(),
                m.section() == null ? null : hook.programType(), hook.spec(), entries, how);
        Map<String, String> files = new LinkedHashMap<>(unit.files());
        files.put(m.unit(), edited);
        files.put("opened.json", nm.toJson());
        return new Retargeter.Result(new Unit(unit.name(), files, nm), errors, rules, warnings);
    }

    private int lastIncludeEnd() {
        Matcher inc = INCLUDE.matcher(text);
        int end = 0;
        while (inc.find()) {
            end = inc.end();
        }
        return end;
    }
}
