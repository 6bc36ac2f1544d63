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

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTMacroExpansionLocation;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTNodeLocation;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.dom.ast.ICompositeType;
import org.eclipse.cdt.core.dom.ast.IPointerType;
import org.eclipse.cdt.core.dom.ast.IQualifierType;
import org.eclipse.cdt.core.dom.ast.IType;
import org.eclipse.cdt.core.dom.ast.ITypedef;

import dev.opened.callgraph.CSource;
import dev.opened.extractor.Manifest;
import dev.opened.extractor.Unit;

/**
 * Rewrites a unit's entry programs for another hookpoint, in place: section, context type,
 * context fields, return codes, helpers with a counterpart, tracing macros, headers — and the
 * same in the functions that take the context. What cannot be rewritten is a diagnostic at its
 * line. The rules come from {@link RuleTable}s; a helper function (no section) gets an entry
 * program from the hook's template instead ({@link Wrapper}).
 */
public final class Retargeter {
    private static final Pattern SEC = Pattern.compile("SEC\\s*\\(([^)]*)\\)");

    private final HelperTable kernelHelpers;
    private final Templates templates;
    /** The user's rule tables, before the project's ({@code --rules DIR}); null for the project's only. */
    Path userRules;

    /** {@code kernelHelpers}: the kernel's answer on which helpers each program type allows (null: not checked). */
    public Retargeter(HelperTable kernelHelpers, Templates templates) {
        this.kernelHelpers = kernelHelpers;
        this.templates = templates;
    }

    /** Reads rule tables from {@code dir} first ({@code FROM-TO.json}), the project's after; returns this. */
    public Retargeter rules(Path dir) {
        this.userRules = dir;
        return this;
    }

    /**
     * What a retarget made: the new unit (when there are no errors, or when forced) and the
     * diagnostics.
     *
     * @param unit the rewritten unit
     * @param errors what cannot be rewritten, at its line
     * @param rules the rules applied, at the unit lines they changed
     * @param warnings what the new hook accepts but may not mean what the old one did, at its line
     */
    public record Result(Unit unit, List<Diagnostic> errors, List<Manifest.Rule> rules, List<Diagnostic> warnings) {
        /** Copies the lists. */
        public Result {
            errors = List.copyOf(errors);
            rules = List.copyOf(rules);
            warnings = List.copyOf(warnings);
        }

        /** A result with no warnings. */
        public Result(Unit unit, List<Diagnostic> errors, List<Manifest.Rule> rules) {
            this(unit, errors, rules, List.of());
        }
    }

    /** Retargets {@code unit} (whose C file is {@code unitFile} for diagnostics and includes) to {@code hook}. */
    public Result retarget(Unit unit, Path unitFile, Hook hook, boolean force) {
        Manifest m = unit.manifest();
        String text = unit.source();
        Job job = new Job(unit, unitFile, hook, text);
        String fromFamily = Hook.family(m.section(), m.programType());
        if (fromFamily == null) {
            new Wrapper(job, templates, this).wrap();
        } else {
            RuleTable table = RuleTable.load(fromFamily, hook.family(), userRules);
            if (table == null) {
                int line = m.entryPrograms().isEmpty() ? 1 : m.entryPrograms().get(0).line();
                job.error(Edits.lineStart(text, line), "no rewrite takes a " + fromFamily + " program to " + hook.family()
                        + " (" + hook.programType() + "); retarget its helpers instead, or write the entry program by hand");
            } else {
                List<Region> programs = new ArrayList<>();
                for (Manifest.EntryProgram ep : m.entryPrograms()) {
                    if (m.programType().equals(ep.programType())) {
                        programs.add(job.region(ep.name(), ep.line()));
                    }
                }
                rewrite(job, table, programs, contextFunctions(job, table, programs));
                // what the new program type's verifier allows of its context, checked on every use
                ContextAccess.check(job, table);
            }
        }
        checkHelpers(job);
        Result r = job.finish(force);
        Map<String, String> files = new LinkedHashMap<>(r.unit().files());
        files.put("Makefile", templates.makefile(r.unit().manifest(), hook));
        return new Result(new Unit(r.unit().name(), files, r.unit().manifest()), r.errors(), r.rules(), r.warnings());
    }

    /** The functions that take the old context: the programs, and every function whose parameters name it. */
    List<Region> contextFunctions(Job job, RuleTable table, List<Region> programs) {
        List<Region> out = new ArrayList<>(programs);
        for (Region r : job.functions()) {
            String header = job.text.substring(r.start(), r.bodyStart());
            boolean takesContext = table.context().keySet().stream().anyMatch(header::contains);
            if (takesContext && out.stream().noneMatch(p -> p.start() == r.start())) {
                out.add(r);
            }
        }
        return out;
    }

    /** Applies a rule table to the program regions and the context functions. */
    void rewrite(Job job, RuleTable table, List<Region> programs, List<Region> contextFns) {
        String text = job.text;
        for (Region p : programs) {
            Matcher sec = SEC.matcher(text).region(p.start(), p.bodyStart());
            if (sec.find()) {
                job.edits.replace(sec.start(), sec.end() - sec.start(), "SEC(\"" + job.hook.section() + "\")",
                        "section " + sec.group(1).trim() + " -> \"" + job.hook.section() + "\"");
            }
            if (table.contextError() != null) {
                Matcher param = Pattern.compile("\\(\\s*((?:const\\s+)?struct\\s+\\w+|void)\\s*\\*").matcher(text)
                        .region(p.start(), p.bodyStart());
                int at = param.find() ? param.start(1) : p.start();
                job.error(at, String.format(table.contextError(), param.hitEnd() ? "its context" : param.group(1)));
            }
        }
        // codes that flow as values stay the source hook's, converted at the program's edges
        boolean boundary = ActionBoundary.needed(job, table, programs, job.functions());
        for (Region r : contextFns) {
            for (Map.Entry<String, String> c : table.context().entrySet()) {
                int i = text.indexOf(c.getKey(), r.start());
                while (i >= 0 && i < r.bodyStart()) {
                    job.edits.replace(i, c.getKey().length(), c.getValue(), "context " + c.getKey() + " -> " + c.getValue());
                    i = text.indexOf(c.getKey(), i + c.getKey().length());
                }
            }
            boolean isProgram = programs.stream().anyMatch(p -> p.start() == r.start());
            lexical(job, table, r, isProgram, boundary);
        }
        if (boundary) {
            ActionBoundary.apply(job, table, programs, job.functions());
        }
        if (!table.sameContext() && !table.context().isEmpty()) {
            fields(job, table, contextFns);
        }
        helperCounterparts(job, table, contextFns);
        headers(job, table.headers());
        if (!table.sameContext()) {
            // a repo with its own copy of the UAPI bpf.h gave the unit only the old context struct
            String ctx = Wrapper.contextType(job);
            if (!ctx.isEmpty()) {
                job.pendingHeaders.add(ctx);
            }
        }
    }

    /** Return codes, macros, macro calls and what has no equivalent, by token. */
    private void lexical(Job job, RuleTable table, Region r, boolean isProgram, boolean boundary) {
        String text = job.text;
        for (CLexer.Token t : CLexer.identifiers(text, r.start(), r.end())) {
            String id = t.text();
            if (table.returnCodes().containsKey(id)) {
                if (boundary) {
                    continue;
                }
                job.edits.replace(t.offset(), id.length(), table.returnCodes().get(id), "return code " + id + " -> "
                        + table.returnCodes().get(id));
            } else if (table.macros().containsKey(id)) {
                job.edits.replace(t.offset(), id.length(), table.macros().get(id), "macro " + id + " -> " + table.macros().get(id));
            } else if (table.calls().containsKey(id)) {
                int close = CLexer.closingParen(text, t.offset() + id.length());
                if (close > 0) {
                    List<String> args = CLexer.arguments(text, t.offset() + id.length(), close);
                    job.edits.replace(t.offset(), close - t.offset(), fill(table.calls().get(id), args),
                            id + "(...) -> " + table.calls().get(id));
                }
            } else if (table.noEquivalent().containsKey(id)) {
                job.error(t.offset(), table.noEquivalent().get(id));
            } else if (id.equals("return") && isProgram && !boundary && !table.literalReturns().isEmpty()) {
                Matcher lit = Pattern.compile("return\\s+(\\d+)\\s*;").matcher(text).region(t.offset(), Math.min(r.end(), t.offset() + 64));
                if (lit.lookingAt() && table.literalReturns().containsKey(lit.group(1))) {
                    job.edits.replace(lit.start(1), lit.group(1).length(), table.literalReturns().get(lit.group(1)),
                            "return code " + lit.group(1) + " -> " + table.literalReturns().get(lit.group(1)));
                }
            }
        }
    }

    /** Context field accesses, found with their types in the AST. */
    private void fields(Job job, RuleTable table, List<Region> contextFns) {
        Set<String> fromStructs = new LinkedHashSet<>();
        table.context().keySet().forEach(k -> fromStructs.add(k.replaceFirst("^struct\\s+", "")));
        job.ast().accept(new ASTVisitor() {
            {
                shouldVisitExpressions = true;
            }

            @Override
            public int visit(IASTExpression e) {
                if (!(e instanceof IASTFieldReference f)) {
                    return PROCESS_CONTINUE;
                }
                int[] loc = job.physical(f.getFieldName());
                if (loc == null || contextFns.stream().noneMatch(r -> r.start() <= loc[0] && loc[0] < r.end())) {
                    return PROCESS_CONTINUE;
                }
                String owner = structName(f.getFieldOwner().getExpressionType());
                if (owner == null || !fromStructs.contains(owner)) {
                    return PROCESS_CONTINUE;
                }
                String field = new String(f.getFieldName().toCharArray());
                String to = table.fields().get(field);
                if (to == null) {
                    job.error(loc[0], table.noField() != null ? table.noField() + " (" + field + ")"
                            : "struct " + owner + " has a field " + field + ", the new context has none like it");
                } else if (to.startsWith("=")) {
                    int[] whole = job.physical(f);
                    int[] ownerLoc = job.physical(f.getFieldOwner());
                    if (whole != null && ownerLoc != null) {
                        String ownerText = job.text.substring(ownerLoc[0], ownerLoc[0] + ownerLoc[1]);
                        job.edits.replace(whole[0], whole[1], to.substring(1).replace("$owner", ownerText),
                                "context field " + field + " -> " + to.substring(1).replace("$owner", ownerText));
                    }
                } else if (!to.equals(field)) {
                    job.edits.replace(loc[0], loc[1], to, "context field " + field + " -> " + to);
                }
                return PROCESS_CONTINUE;
            }
        });
    }

    /** Helper calls that have a counterpart in the new program type. */
    private void helperCounterparts(Job job, RuleTable table, List<Region> contextFns) {
        if (table.helpers().isEmpty()) {
            return;
        }
        for (Region r : contextFns) {
            for (CLexer.Token t : CLexer.identifiers(job.text, r.start(), r.end())) {
                String template = table.helpers().get(t.text());
                if (template == null) {
                    continue;
                }
                int close = CLexer.closingParen(job.text, t.offset() + t.text().length());
                if (close < 0) {
                    continue;
                }
                List<String> args = CLexer.arguments(job.text, t.offset() + t.text().length(), close);
                job.edits.replace(t.offset(), close - t.offset(), fill(template, args), "helper " + t.text() + " -> "
                        + template.substring(0, template.indexOf('(')));
                job.mapped.add(t.text());
            }
        }
    }

    /** Helper calls the kernel does not allow for the new program type, each an error at its call. */
    void checkHelpers(Job job) {
        if (kernelHelpers == null) {
            return;
        }
        job.ast().accept(new ASTVisitor() {
            {
                shouldVisitExpressions = true;
            }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTFunctionCallExpression call && call.getFunctionNameExpression() instanceof IASTIdExpression id) {
                    String name = new String(id.getName().toCharArray());
                    IASTFileLocation loc = call.getFileLocation();
                    if (!name.startsWith("bpf_") || loc == null || !loc.getFileName().equals(job.file.toString())
                            || job.mapped.contains(name) || !job.inFunction(loc.getNodeOffset())) {
                        return PROCESS_CONTINUE;
                    }
                    if (kernelHelpers.isHelper(name) && !kernelHelpers.allows(job.hook.programType(), name)) {
                        job.error(loc.getNodeOffset(), name + " is not allowed in " + job.hook.programType()
                                + " programs (kernel " + kernelHelpers.kernel() + " says so) and has no counterpart there");
                    }
                }
                return PROCESS_CONTINUE;
            }
        });
    }

    /**
     * CO-RE units include vmlinux.h, which clashes with the UAPI headers; the return-code macros
     * they would bring (BTF has no macros) come as guarded defines instead.
     */
    private static final Map<String, String> VMLINUX_INSTEAD = Map.of("#include <linux/pkt_cls.h>",
            "#ifndef TC_ACT_OK\n#define TC_ACT_UNSPEC (-1)\n#define TC_ACT_OK 0\n#define TC_ACT_SHOT 2\n"
                    + "#define TC_ACT_REDIRECT 7\n#endif", "#include <linux/if_ether.h>", "");

    void headers(Job job, List<String> headers) {
        boolean core = job.text.contains("#include \"vmlinux.h\"");
        for (String h0 : headers) {
            String h = core && VMLINUX_INSTEAD.containsKey(h0) ? VMLINUX_INSTEAD.get(h0) : h0;
            if (h.isEmpty()) {
                continue; // vmlinux.h has the type already
            }
            if (job.text.contains(h) || job.pendingHeaders.contains(h)) {
                continue;
            }
            job.pendingHeaders.add(h);
        }
    }

    static String fill(String template, List<String> args) {
        String out = template;
        for (int i = args.size(); i >= 1; i--) {
            out = out.replace("$" + i, args.get(i - 1));
        }
        return out;
    }

    static String structName(IType t) {
        IType x = t;
        for (int i = 0; i < 8 && x != null; i++) {
            if (x instanceof IPointerType p) {
                x = p.getType();
            } else if (x instanceof ITypedef td) {
                x = td.getType();
            } else if (x instanceof IQualifierType q) {
                x = q.getType();
            } else {
                break;
            }
        }
        return x instanceof ICompositeType c ? c.getName() : null;
    }

    /** A function's text in the unit: from its first line to its end, and where its body opens. */
    record Region(String name, int start, int bodyStart, int end) {
    }

    /** One retarget's state: the text, its AST (parsed when first needed), the edits and errors. */
    static final class Job {
        final Unit unit;
        final Path file;
        final Hook hook;
        final String text;
        final Edits edits = new Edits();
        final List<Diagnostic> errors = new ArrayList<>();
        final List<Integer> errorOffsets = new ArrayList<>();
        final Set<String> mapped = new LinkedHashSet<>();
        final List<String> pendingHeaders = new ArrayList<>();
        String appended = "";
        List<Manifest.EntryProgram> newPrograms = new ArrayList<>();
        private IASTTranslationUnit ast;
        private List<Region> functions;

        Job(Unit unit, Path file, Hook hook, String text) {
            this.unit = unit;
            this.file = file.toAbsolutePath().normalize();
            this.hook = hook;
            this.text = text;
        }

        IASTTranslationUnit ast() {
            if (ast == null) {
                List<String> dirs = List.of(file.getParent().toString());
                ast = CSource.parse(file, text, dirs, unit.manifest().defines());
            }
            return ast;
        }

        final List<Diagnostic> warnings = new ArrayList<>();

        void warn(int offset, String message) {
            warnings.add(new Diagnostic(file.toString(), Edits.lineOf(text, offset), Edits.columnOf(text, offset), message));
        }

        void error(int offset, String message) {
            errors.add(new Diagnostic(file.toString(), Edits.lineOf(text, offset), Edits.columnOf(text, offset), message));
            errorOffsets.add(offset);
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
            return functions().stream().anyMatch(r -> r.start() <= offset && offset < r.end());
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

        Result finish(boolean force) {
            Manifest m = unit.manifest();
            if (!errors.isEmpty() && force) {
                for (int i = 0; i < errors.size(); i++) {
                    int lineStart = Edits.lineStart(text, errors.get(i).line());
                    edits.insert(lineStart, "#error \"" + errors.get(i).message().replace("\\", "\\\\").replace("\"", "'")
                            + "\"\n", "error " + errors.get(i).message());
                }
            }
            if (!pendingHeaders.isEmpty()) {
                int at = lastIncludeEnd(text);
                edits.insert(at, String.join("\n", pendingHeaders) + "\n", "headers " + String.join(", ", pendingHeaders));
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
            List<Manifest.EntryProgram> programs = new ArrayList<>();
            for (Manifest.EntryProgram ep : m.entryPrograms()) {
                boolean moved = m.programType() != null && m.programType().equals(ep.programType());
                int newLine = Edits.lineOf(edited, edits.map(Edits.lineStart(text, ep.line())));
                programs.add(new Manifest.EntryProgram(ep.name(), moved ? hook.section() : ep.section(),
                        moved ? hook.programType() : ep.programType(), newLine));
            }
            programs.addAll(newPrograms);
            Manifest.Retarget how = new Manifest.Retarget(m.programType() == null ? "helper" : m.programType(),
                    hook.programType(), hook.spec(), rules, new ArrayList<>(changed));
            Manifest nm = m.retargeted(m.section() == null ? null : hook.section(),
                    m.section() == null ? null : hook.programType(), hook.spec(), programs, how);
            Map<String, String> files = new LinkedHashMap<>(unit.files());
            files.put(m.unit(), edited);
            files.put("opened.json", nm.toJson());
            return new Result(new Unit(unit.name(), files, nm), errors, rules, warnings);
        }

        private static int lastIncludeEnd(String text) {
            Matcher inc = Pattern.compile("(?m)^#\\s*include[^\\n]*\\n").matcher(text);
            int end = 0;
            while (inc.find()) {
                end = inc.end();
            }
            return end;
        }
    }
}
