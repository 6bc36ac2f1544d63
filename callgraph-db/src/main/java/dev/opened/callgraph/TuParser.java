package dev.opened.callgraph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTAttribute;
import org.eclipse.cdt.core.dom.ast.IASTAttributeOwner;
import org.eclipse.cdt.core.dom.ast.IASTCompositeTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTElaboratedTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTEnumerationSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTName;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorIncludeStatement;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorMacroDefinition;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorStatement;
import org.eclipse.cdt.core.dom.ast.IASTProblem;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTToken;
import org.eclipse.cdt.core.dom.ast.IASTTokenList;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;
import org.eclipse.cdt.core.dom.ast.IArrayType;
import org.eclipse.cdt.core.dom.ast.IBinding;
import org.eclipse.cdt.core.dom.ast.ICompositeType;
import org.eclipse.cdt.core.dom.ast.IEnumeration;
import org.eclipse.cdt.core.dom.ast.IEnumerator;
import org.eclipse.cdt.core.dom.ast.IField;
import org.eclipse.cdt.core.dom.ast.IFunction;
import org.eclipse.cdt.core.dom.ast.IFunctionType;
import org.eclipse.cdt.core.dom.ast.IParameter;
import org.eclipse.cdt.core.dom.ast.IPointerType;
import org.eclipse.cdt.core.dom.ast.IProblemBinding;
import org.eclipse.cdt.core.dom.ast.IType;
import org.eclipse.cdt.core.dom.ast.ITypedef;
import org.eclipse.cdt.core.dom.ast.IVariable;
import org.eclipse.cdt.core.dom.ast.gnu.c.GCCLanguage;
import org.eclipse.cdt.core.index.IIndexFileLocation;
import org.eclipse.cdt.core.model.ILanguage;
import org.eclipse.cdt.core.parser.ExtendedScannerInfo;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.core.parser.NullLogService;
import org.eclipse.cdt.internal.core.parser.IMacroDictionary;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContent;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContentProvider;

import dev.opened.common.Toolchain;

/**
 * Parses one translation unit with CDT and collects what the call graph needs from it. A new
 * instance per parse; one parse per thread.
 */
final class TuParser {
    private static final Pattern SPDX = Pattern.compile("SPDX-License-Identifier:\\s*(.+?)\\s*(\\*/)?\\s*$", Pattern.MULTILINE);
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    // libbpf's BPF_KPROBE/BPF_PROG declare `typeof(name(0)) name(...)`, which sends CDT's type
    // computation into endless recursion; the return type is int for every such program.
    private static final Pattern TYPEOF_NAME0 = Pattern.compile("typeof\\(name\\(0\\)\\)");

    private final Path root;
    private final Map<String, SourceTree.Blob> files;
    private final Toolchain toolchain;
    private final List<String> includeDirs;
    private final Map<String, String> defines;
    private final Map<String, LineMap> lineMaps = new HashMap<>();
    /** Slimmed vmlinux.h texts, shared by the parses of one crawl. */
    private final Map<String, String> slimmed;
    /** What this parse may read from the disk besides the snapshot. */
    private final PathGate gate;

    /**
     * @param root the directory the repo's files are materialized under (absolute)
     * @param files the repo's {@code .c}/{@code .h} files by repo path
     * @param includeDirs absolute include dirs of the repo, in search order
     */
    TuParser(Path root, Map<String, SourceTree.Blob> files, Toolchain toolchain, List<String> includeDirs,
            Map<String, String> defines, Map<String, String> slimmed) {
        this.slimmed = slimmed;
        this.root = root;
        this.files = files;
        this.toolchain = toolchain;
        this.includeDirs = includeDirs;
        this.defines = defines;
        List<String> readable = new ArrayList<>(List.of(root.toString()));
        readable.addAll(includeDirs);
        readable.addAll(toolchain.systemIncludeDirs());
        this.gate = new PathGate(readable);
    }

    TuResult parse(String tuPath) {
        Map<String, String> macros = new LinkedHashMap<>(toolchain.predefines());
        macros.putAll(defines);
        List<String> paths = new ArrayList<>();
        paths.add(root.resolve(tuPath).getParent().toString());
        paths.addAll(includeDirs);
        paths.addAll(fallbackDirs(tuPath));
        paths.addAll(toolchain.systemIncludeDirs());
        ExtendedScannerInfo info = new ExtendedScannerInfo(macros, paths.toArray(String[]::new), null, null);
        String abs = root.resolve(tuPath).toString();
        FileContent content = FileContent.create(abs, files.get(tuPath).text().toCharArray());
        IASTTranslationUnit tu;
        try {
            tu = GCCLanguage.getDefault().getASTTranslationUnit(content, info, new Provider(), null,
                    ILanguage.OPTION_PARSE_INACTIVE_CODE, new NullLogService());
        } catch (Exception | StackOverflowError e) {
            return new TuResult(tuPath, Map.of(tuPath, files.get(tuPath).id()), List.of(), List.of(), List.of(), List.of(),
                    List.of(new Problem(tuPath, 1, ParseGuard.FAILED + "the parser failed: " + e, tuPath)));
        }
        return new Collector(tuPath, tu).collect();
    }

    /**
     * Real repos include headers by paths that only their build resolves; when an include names a
     * header that exists exactly once in the repo, its directory joins the search path.
     */
    private List<String> fallbackDirs(String tuPath) {
        List<String> dirs = new ArrayList<>();
        Pattern inc = Pattern.compile("^\\s*#\\s*include\\s*\"([^\"]+)\"", Pattern.MULTILINE);
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(tuPath));
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (!seen.add(p) || !files.containsKey(p)) {
                continue;
            }
            Matcher m = inc.matcher(files.get(p).text());
            while (m.find()) {
                String name = m.group(1);
                String found = findLocal(p, name);
                if (found == null) {
                    String base = name.substring(name.lastIndexOf('/') + 1);
                    List<String> same = files.keySet().stream().filter(f -> f.equals(name) || f.endsWith("/" + name)
                            || f.endsWith("/" + base) || f.equals(base)).toList();
                    List<String> exact = same.stream().filter(f -> f.endsWith(name)).toList();
                    List<String> pick = exact.size() == 1 ? exact : same;
                    if (pick.size() == 1) {
                        String f = pick.get(0);
                        String dir = root.resolve(f.substring(0, f.length() - name.length() < 0 ? 0
                                : f.length() - (exact.size() == 1 ? name.length() : base.length()))).toString();
                        if (!dirs.contains(dir)) {
                            dirs.add(dir);
                        }
                        found = f;
                    }
                }
                if (found != null) {
                    todo.push(found);
                }
            }
        }
        return dirs;
    }

    private String findLocal(String from, String name) {
        Path fromDir = root.resolve(from).getParent();
        List<Path> candidates = new ArrayList<>();
        candidates.add(fromDir.resolve(name));
        for (String d : includeDirs) {
            candidates.add(Path.of(d).resolve(name));
        }
        for (Path c : candidates) {
            String rel = relative(c.normalize().toString());
            if (rel != null && files.containsKey(rel)) {
                return rel;
            }
        }
        return null;
    }

    /** The repo path of an absolute path under the root, or null. */
    String relative(String absolute) {
        if (absolute == null) {
            return null;
        }
        String r = root.toString();
        if (absolute.startsWith(r + "/")) {
            // normalized first: "../" can lead out of the root, and such a path is no repo file
            String norm = Path.of(absolute).normalize().toString();
            if (!norm.startsWith(r + "/")) {
                return null;
            }
            String rel = norm.substring(r.length() + 1);
            return files.containsKey(rel) ? rel : null;
        }
        return null;
    }

    private LineMap lines(String path) {
        return lineMaps.computeIfAbsent(path, p -> new LineMap(files.get(p).text()));
    }

    /** Serves repo files from the snapshot and system headers from the disk. */
    private final class Provider extends InternalFileContentProvider {
        @Override
        public boolean getInclusionExists(String path) {
            return relative(path) != null || gate.allows(path);
        }

        @Override
        public InternalFileContent getContentForInclusion(String path, IMacroDictionary macroDictionary) {
            String rel = relative(path);
            if (rel == null && !gate.allows(path)) {
                return null;
            }
            if (VMLINUX.matcher(path).find()) {
                String text = rel != null ? files.get(rel).text() : read(path);
                return text == null ? null : (InternalFileContent) FileContent.create(path,
                        slimmed.computeIfAbsent(path + ":" + text.length(), k -> KernelTypesSlim.slim(text)).toCharArray());
            }
            if (rel != null) {
                return (InternalFileContent) FileContent.create(path, patch(path, files.get(rel).text()).toCharArray());
            }
            return systemHeader(path);
        }

        private String read(String path) {
            try {
                return Files.readString(Path.of(path));
            } catch (java.io.IOException e) {
                return null;
            }
        }

        @Override
        public InternalFileContent getContentForInclusion(IIndexFileLocation ifl, String astPath) {
            return null;
        }

        private String patch(String path, String text) {
            if (path.endsWith("bpf_tracing.h")) {
                // padded to the same length so that offsets into a repo's own copy stay true
                return TYPEOF_NAME0.matcher(text).replaceAll("int            ");
            }
            return text;
        }
    }

    /** Walks one AST. */
    private final class Collector {
        private final String tuPath;
        private final IASTTranslationUnit tu;
        private final Map<String, GuardMap> guardMaps = new HashMap<>();
        private final List<TuResult.Def> defs = new ArrayList<>();
        private DefPlaces places;
        private final Map<String, List<TuResult.Def>> macrosByName = new HashMap<>();
        private final Map<String, TuResult.Ref> refs = new LinkedHashMap<>();
        private final Map<String, TuResult.HelperUse> helpers = new LinkedHashMap<>();
        private final List<TuResult.Inc> includes = new ArrayList<>();
        private final List<Problem> problems = new ArrayList<>();
        private final Map<String, String> deps = new TreeMap<>();
        private final List<Object[]> walks = new ArrayList<>();
        private final Map<String, Integer> bodyStarts = new HashMap<>();
        /** Repo files where this unit's configuration skipped a branch: only they hide definitions. */
        private final java.util.Set<String> inactiveIn = new java.util.TreeSet<>();
        private final Map<String, Integer> prototypeStarts = new HashMap<>();
        private NameIndex names;

        Collector(String tuPath, IASTTranslationUnit tu) {
            this.tuPath = tuPath;
            this.tu = tu;
        }

        /** Built at the first lookup, as CDT's own lookup walked the AST then: bindings resolve in the same order. */
        private NameIndex names() {
            if (names == null) {
                names = NameIndex.of(tu);
            }
            return names;
        }

        TuResult collect() {
            deps.put(tuPath, files.get(tuPath).id());
            guards();
            includes();
            macros();
            for (IASTDeclaration d : tu.getDeclarations(true)) {
                try {
                    declaration(d);
                } catch (RuntimeException | StackOverflowError e) {
                    problem(d, "could not index this declaration: " + e);
                }
            }
            mergeMacroPrograms();
            places = new DefPlaces(defs);
            for (Object[] w : walks) {
                if (w[0] == null) {
                    continue;
                }
                try {
                    references((TuResult.Def) w[0], (IASTNode) w[1]);
                } catch (RuntimeException | StackOverflowError e) {
                    problem((IASTNode) w[1], "could not resolve the references of " + ((TuResult.Def) w[0]).name() + ": " + e);
                }
            }
            for (TuResult.Def d : defs) {
                macroReferences(d);
            }
            problems();
            return new TuResult(tuPath, deps, defs, new ArrayList<>(refs.values()), new ArrayList<>(helpers.values()),
                    includes, problems, new ArrayList<>(inactiveIn));
        }

        // ---- guards

        private void guards() {
            Map<String, List<IASTPreprocessorStatement>> perFile = new HashMap<>();
            for (IASTPreprocessorStatement s : tu.getAllPreprocessorStatements()) {
                IASTFileLocation loc = s.getFileLocation();
                String rel = loc == null ? null : relative(loc.getFileName());
                if (rel != null) {
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

        private List<Guard> guardsAt(String path, int offset) {
            GuardMap g = guardMaps.get(path);
            return g == null ? List.of() : g.at(offset);
        }

        // ---- includes

        private void includes() {
            for (IASTPreprocessorIncludeStatement inc : tu.getIncludeDirectives()) {
                IASTFileLocation loc = inc.getFileLocation();
                String from = loc == null ? null : relative(loc.getFileName());
                if (from == null) {
                    continue;
                }
                String resolved = inc.isResolved() ? relative(inc.getPath()) : null;
                String refused = inc.isResolved() ? null : gate.refusal(inc.getName().toString());
                if (refused != null) {
                    problems.add(new Problem(from, loc.getStartingLineNumber(), "#include \"" + inc.getName()
                            + "\" names " + refused + ", outside the repository and the system include dirs: not read", tuPath));
                }
                if (resolved != null) {
                    deps.put(resolved, files.get(resolved).id());
                }
                boolean system = resolved == null && (inc.isResolved() || inc.isSystemInclude());
                String text = files.get(from).text().substring(loc.getNodeOffset(), loc.getNodeOffset() + loc.getNodeLength());
                includes.add(new TuResult.Inc(from, loc.getStartingLineNumber(), oneLine(text), system, resolved,
                        guardsAt(from, loc.getNodeOffset())));
            }
        }

        // ---- macros

        private void macros() {
            for (IASTPreprocessorStatement s : tu.getAllPreprocessorStatements()) {
                if (!(s instanceof IASTPreprocessorMacroDefinition m)) {
                    continue;
                }
                IASTFileLocation loc = m.getFileLocation();
                String path = loc == null ? null : relative(loc.getFileName());
                if (path == null || isGeneratedKernelTypes(path)) {
                    continue;
                }
                String text = files.get(path).text();
                int start = loc.getNodeOffset();
                int end = endOfDirective(text, start);
                String name = new String(m.getName().toCharArray());
                if (isIncludeGuard(path, name, start)) {
                    continue;
                }
                LineMap lm = lines(path);
                TuResult.Def d = new TuResult.Def(DefinitionKind.MACRO.name(), name, path, start, end, lm.line(start),
                        lm.line(Math.max(start, end - 1)), oneLine(text.substring(start, end)), false, false, null,
                        guardsAt(path, start), m.isActive(), null);
                defs.add(d);
                macrosByName.computeIfAbsent(name, k -> new ArrayList<>()).add(d);
            }
        }

        private boolean isIncludeGuard(String path, String name, int offset) {
            GuardMap g = guardMaps.get(path);
            return g != null && name.equals(g.includeGuard()) && g.includeGuardDefineOffset() == offset;
        }

        // ---- declarations

        private void declaration(IASTDeclaration d) {
            IASTFileLocation loc = d.getFileLocation();
            String path = loc == null ? null : relative(loc.getFileName());
            if (path == null || isGeneratedKernelTypes(path)) {
                return;
            }
            int start = loc.getNodeOffset();
            int end = start + loc.getNodeLength();
            String text = files.get(path).text();
            if (d instanceof IASTFunctionDefinition f) {
                IASTDeclarator decl = innermost(f.getDeclarator());
                String name = new String(decl.getName().toCharArray());
                int bodyStart = f.getBody() != null && f.getBody().getFileLocation() != null
                        ? f.getBody().getFileLocation().getNodeOffset() : end;
                String signature = oneLine(text.substring(start, Math.max(start, Math.min(bodyStart, end))));
                IASTDeclSpecifier spec = f.getDeclSpecifier();
                boolean isStatic = spec.getStorageClass() == IASTDeclSpecifier.sc_static;
                boolean isInline = spec.isInline() || signature.contains("__always_inline") || signature.contains("inline ");
                String section = section(f);
                if (section == null) {
                    section = sectionOfPrototype(decl);
                }
                TuResult.Def def = def(DefinitionKind.FUNCTION, name, path, start, end, signature, isStatic, isInline,
                        section, d.isActive(), null);
                bodyStarts.put(def.key(), bodyStart);
                walks.add(new Object[] {def, f});
                return;
            }
            if (!(d instanceof IASTSimpleDeclaration s)) {
                return;
            }
            IASTDeclSpecifier spec = s.getDeclSpecifier();
            int storage = spec.getStorageClass();
            IASTDeclarator[] declarators = s.getDeclarators();
            boolean named = false;
            if (spec instanceof IASTCompositeTypeSpecifier c && c.getName().toCharArray().length > 0
                    && (declarators.length == 0 || storage == IASTDeclSpecifier.sc_typedef)) {
                DefinitionKind k = c.getKey() == IASTCompositeTypeSpecifier.k_union ? DefinitionKind.UNION : DefinitionKind.STRUCT;
                TuResult.Def def = def(k, new String(c.getName().toCharArray()), path, start, end, firstLine(text, start, end),
                        false, false, null, d.isActive(), null);
                walks.add(new Object[] {def, s});
                named = true;
            } else if (spec instanceof IASTEnumerationSpecifier e
                    && (declarators.length == 0 || storage == IASTDeclSpecifier.sc_typedef)) {
                String name = new String(e.getName().toCharArray());
                if (name.isEmpty() && e.getEnumerators().length > 0) {
                    name = "enum:" + new String(e.getEnumerators()[0].getName().toCharArray());
                }
                TuResult.Def def = def(DefinitionKind.ENUM, name, path, start, end, firstLine(text, start, end), false, false,
                        null, d.isActive(), null);
                walks.add(new Object[] {def, s});
                named = true;
            }
            if (storage == IASTDeclSpecifier.sc_typedef) {
                for (IASTDeclarator dd : declarators) {
                    String name = new String(innermost(dd).getName().toCharArray());
                    TuResult.Def def = def(DefinitionKind.TYPEDEF, name, path, start, end, firstLine(text, start, end), false,
                            false, null, d.isActive(), null);
                    walks.add(new Object[] {def, s});
                }
                return;
            }
            if (named || declarators.length == 0) {
                return;
            }
            for (IASTDeclarator dd : declarators) {
                IASTDeclarator inner = innermost(dd);
                boolean functionPointer = dd.getNestedDeclarator() != null && dd.getNestedDeclarator().getPointerOperators().length > 0;
                if (dd instanceof IASTFunctionDeclarator && !functionPointer) {
                    // a prototype; BPF_KPROBE and friends put the program's SEC() on one
                    if (section(s) != null) {
                        prototypeStarts.putIfAbsent(path + ":" + new String(inner.getName().toCharArray()), start);
                    }
                    continue;
                }
                String name = new String(inner.getName().toCharArray());
                String section = section(s);
                if (storage == IASTDeclSpecifier.sc_extern && section == null && !text.substring(start, end).contains("__kconfig")
                        && !text.substring(start, end).contains("__ksym")) {
                    continue;
                }
                boolean legacyMap = spec instanceof IASTElaboratedTypeSpecifier el
                        && new String(el.getName().toCharArray()).equals("bpf_map_def");
                boolean btfMap = ".maps".equals(section);
                DefinitionKind k = btfMap || legacyMap || "maps".equals(section) ? DefinitionKind.MAP : DefinitionKind.GLOBAL;
                TuResult.MapAttrs attrs = k == DefinitionKind.MAP ? MapAttributes.of(s, dd, btfMap, text.substring(start, end),
                        this::macroValue) : null;
                TuResult.Def def = def(k, name, path, start, end, k == DefinitionKind.MAP ? mapSignature(name, attrs)
                        : firstLine(text, start, end), storage == IASTDeclSpecifier.sc_static, false, section,
                        d.isActive(), attrs);
                walks.add(new Object[] {def, s});
            }
        }

        /** The section a function's prototype carries, as {@code BPF_KPROBE} puts {@code SEC()} there. */
        private String sectionOfPrototype(IASTDeclarator decl) {
            try {
                IBinding b = decl.getName().resolveBinding();
                if (b == null) {
                    return null;
                }
                for (IASTName n : names().declarations(b)) {
                    IASTNode p = n.getParent();
                    while (p != null && !(p instanceof IASTSimpleDeclaration) && !(p instanceof IASTFunctionDefinition)) {
                        p = p.getParent();
                    }
                    if (p instanceof IASTSimpleDeclaration) {
                        String s = section(p);
                        if (s != null) {
                            return s;
                        }
                    }
                }
            } catch (RuntimeException | StackOverflowError e) {
                // no section then
            }
            return null;
        }

        /**
         * {@code SEC("kprobe/f") int BPF_KPROBE(f, ...) { body }} expands to a prototype carrying the
         * section, a wrapper {@code f} and the body as {@code ____f}, all in one macro expansion. To a
         * reader that is one program: {@code f}, from {@code SEC} to the closing brace.
         */
        private void mergeMacroPrograms() {
            for (TuResult.Def inner : new ArrayList<>(defs)) {
                if (!inner.kind().equals(DefinitionKind.FUNCTION.name()) || !inner.name().startsWith("____")) {
                    continue;
                }
                String outerName = inner.name().substring(4);
                TuResult.Def outer = defs.stream().filter(d -> d.kind().equals(DefinitionKind.FUNCTION.name())
                        && d.name().equals(outerName) && d.path().equals(inner.path()) && d.start() == inner.start())
                        .findFirst().orElse(null);
                if (outer == null) {
                    continue;
                }
                Integer proto = prototypeStarts.get(inner.path() + ":" + outerName);
                int start = proto != null && proto <= outer.start() ? proto : outer.start();
                int end = Math.max(outer.end(), inner.end());
                String text = files.get(inner.path()).text();
                int body = bodyStarts.getOrDefault(inner.key(), end);
                LineMap lm = lines(inner.path());
                TuResult.Def merged = new TuResult.Def(outer.kind(), outerName, outer.path(), start, end, lm.line(start),
                        lm.line(Math.max(start, end - 1)), oneLine(text.substring(start, Math.max(start, body))),
                        outer.isStatic(), outer.isInline(), outer.section(), guardsAt(outer.path(), start),
                        outer.active() || inner.active(), null);
                defs.remove(inner);
                defs.set(defs.indexOf(outer), merged);
                for (Object[] w : walks) {
                    if (w[0] == inner || w[0] == outer) {
                        w[0] = merged;
                    }
                }
            }
        }

        private String mapSignature(String name, TuResult.MapAttrs a) {
            return name + " " + a.style() + " " + a.mapType() + " key=" + a.keyType() + " value=" + a.valueType()
                    + " max_entries=" + a.maxEntries();
        }

        private TuResult.Def def(DefinitionKind kind, String name, String path, int start, int end, String signature,
                boolean isStatic, boolean isInline, String section, boolean active, TuResult.MapAttrs map) {
            LineMap lm = lines(path);
            TuResult.Def d = new TuResult.Def(kind.name(), name, path, start, end, lm.line(start),
                    lm.line(Math.max(start, end - 1)), signature, isStatic, isInline, section, guardsAt(path, start), active, map);
            defs.add(d);
            return d;
        }

        /** The section attribute on a declaration, after macro expansion: {@code SEC(PROG_SEC_NAME)} gives its value. */
        private String section(IASTNode node) {
            List<String> found = new ArrayList<>();
            findSection(node, found, 0);
            return found.isEmpty() ? null : found.get(0);
        }

        private void findSection(IASTNode node, List<String> found, int depth) {
            if (!found.isEmpty() || depth > 12 || node instanceof IASTCompoundStatement) {
                return;
            }
            if (node instanceof IASTAttributeOwner owner) {
                for (IASTAttribute a : owner.getAttributes()) {
                    if (new String(a.getName()).replace("__", "").equals("section")) {
                        String v = tokens(a.getArgumentClause());
                        if (v != null) {
                            found.add(v);
                            return;
                        }
                    }
                }
            }
            for (IASTNode child : node.getChildren()) {
                findSection(child, found, depth + 1);
            }
        }

        private String tokens(IASTToken token) {
            if (token == null) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            if (token instanceof IASTTokenList list) {
                for (IASTToken t : list.getTokens()) {
                    String s = new String(t.getTokenCharImage());
                    if (s.startsWith("\"")) {
                        sb.append(unquote(s));
                    }
                }
            } else {
                String s = new String(token.getTokenCharImage());
                if (s.startsWith("\"")) {
                    sb.append(unquote(s));
                }
            }
            return sb.length() == 0 ? null : sb.toString();
        }

        private Long macroValue(String name) {
            for (int i = 0; i < 8 && name != null; i++) {
                String t = name.trim();
                while (t.startsWith("(") && t.endsWith(")")) {
                    t = t.substring(1, t.length() - 1).trim();
                }
                Long v = Arith.eval(t, this::macroExpansion);
                if (v != null) {
                    return v;
                }
                name = macroExpansion(t);
            }
            return null;
        }

        private String macroExpansion(String name) {
            for (IASTPreprocessorMacroDefinition m : tu.getMacroDefinitions()) {
                if (new String(m.getName().toCharArray()).equals(name)) {
                    return m.getExpansion();
                }
            }
            return null;
        }

        // ---- references

        private void references(TuResult.Def from, IASTNode node) {
            String fromKey = from.key();
            node.accept(new ASTVisitor() {
                {
                    shouldVisitNames = true;
                    includeInactiveNodes = true;
                }

                @Override
                public int visit(IASTName name) {
                    if (name.isDefinition() && name.getParent() instanceof IASTDeclarator dd && dd.getParent() == node) {
                        return PROCESS_CONTINUE;
                    }
                    IBinding b;
                    try {
                        b = name.resolveBinding();
                    } catch (RuntimeException | StackOverflowError e) {
                        return PROCESS_CONTINUE;
                    }
                    if (b == null || b instanceof IProblemBinding || b instanceof IParameter || b instanceof IField) {
                        return PROCESS_CONTINUE;
                    }
                    try {
                        reference(from, fromKey, name, b);
                    } catch (RuntimeException | StackOverflowError e) {
                        // one unresolvable name must not lose the rest of the definition
                    }
                    return PROCESS_CONTINUE;
                }
            });
        }

        private void reference(TuResult.Def from, String fromKey, IASTName name, IBinding b) {
            int line = useLine(name);
            if (b instanceof IFunction f) {
                boolean call = isCallee(name);
                IASTName[] defsInAst = names().definitions(f);
                if (defsInAst.length > 0) {
                    TuResult.Def target = defAt(defsInAst[0], DefinitionKind.FUNCTION);
                    if (target != null) {
                        addRef(fromKey, target.key(), null, call ? ReferenceKind.CALL : ReferenceKind.ADDRESS, line);
                    }
                    return;
                }
                IASTName[] decls = names().declarations(f);
                if (decls.length == 0) {
                    if (call && name.getFileLocation() != null && !new String(name.toCharArray()).startsWith("__builtin_") && !new String(name.toCharArray()).startsWith("__sync_")) {
                        String p = relative(name.getFileLocation().getFileName());
                        if (p != null) {
                            problems.add(new Problem(p, name.getFileLocation().getStartingLineNumber(),
                                    "implicit declaration of function '" + new String(name.toCharArray()) + "'", tuPath));
                        }
                        // most often a function defined only under other -D switches: linked by name,
                        // to its inactive definition, as calls in inactive code are
                        addRef(fromKey, null, new String(name.toCharArray()), ReferenceKind.CALL, line);
                    }
                    return;
                }
                boolean localDecl = false;
                for (IASTName dn : decls) {
                    if (dn.getFileLocation() != null && relative(dn.getFileLocation().getFileName()) != null) {
                        localDecl = true;
                    }
                }
                if (localDecl) {
                    addRef(fromKey, null, new String(name.toCharArray()), call ? ReferenceKind.CALL : ReferenceKind.ADDRESS, line);
                }
                return;
            }
            if (b instanceof IVariable v) {
                String n = new String(name.toCharArray());
                if (isCallee(name) && n.startsWith("bpf_") && isFunctionPointer(v)) {
                    IASTFileLocation loc = name.getFileLocation();
                    if (loc != null && !helpers.containsKey(fromKey + "|" + n)) {
                        String p = relative(loc.getFileName());
                        int col = p == null ? 1 : lines(p).column(loc.getNodeOffset());
                        helpers.put(fromKey + "|" + n, new TuResult.HelperUse(fromKey, n, loc.getStartingLineNumber(), col));
                    }
                    // the older kernel-samples style declares each helper in the repo's own header
                    // as a function pointer variable: a unit calling it needs that declaration
                    IASTName[] helperDefs = names().definitions(v);
                    TuResult.Def declared = helperDefs.length == 0 ? null : defAt(helperDefs[0], DefinitionKind.GLOBAL);
                    if (declared != null && !declared.key().equals(fromKey)) {
                        addRef(fromKey, declared.key(), null, ReferenceKind.GLOBAL, line);
                    }
                    return;
                }
                IASTName[] defsInAst = names().definitions(v);
                if (defsInAst.length == 0) {
                    defsInAst = names().declarations(v);
                }
                if (defsInAst.length == 0) {
                    return;
                }
                TuResult.Def target = defAt(defsInAst[0], DefinitionKind.MAP, DefinitionKind.GLOBAL);
                if (target == null || target.key().equals(fromKey)) {
                    return;
                }
                ReferenceKind kind = target.kind().equals(DefinitionKind.MAP.name()) ? mapAccess(name) : ReferenceKind.GLOBAL;
                addRef(fromKey, target.key(), null, kind, line);
                return;
            }
            if (b instanceof ICompositeType || b instanceof IEnumeration || b instanceof ITypedef || b instanceof IEnumerator) {
                IASTName[] defsInAst = names().definitions(b);
                if (defsInAst.length == 0) {
                    return;
                }
                DefinitionKind[] kinds = b instanceof ITypedef ? new DefinitionKind[] {DefinitionKind.TYPEDEF}
                        : b instanceof ICompositeType ct ? new DefinitionKind[] {
                            ct.getKey() == ICompositeType.k_union ? DefinitionKind.UNION : DefinitionKind.STRUCT}
                        : new DefinitionKind[] {DefinitionKind.ENUM};
                TuResult.Def target = defAt(defsInAst[0], kinds);
                if (target == null) {
                    target = defAt(defsInAst[0]);
                }
                if (target != null && !target.key().equals(fromKey)) {
                    addRef(fromKey, target.key(), null, ReferenceKind.TYPE, line);
                }
            }
        }

        private boolean isFunctionPointer(IVariable v) {
            IType t = v.getType();
            while (t instanceof ITypedef td) {
                t = td.getType();
            }
            return t instanceof IPointerType p && p.getType() instanceof IFunctionType;
        }

        private boolean isCallee(IASTName name) {
            IASTNode p = name.getParent();
            return p instanceof IASTIdExpression id && id.getParent() instanceof IASTFunctionCallExpression call
                    && call.getFunctionNameExpression() == id;
        }

        /** How a map is used: the helper it is passed to decides. */
        private ReferenceKind mapAccess(IASTName name) {
            IASTNode n = name.getParent();
            if (n instanceof IASTIdExpression) {
                IASTNode p = n.getParent();
                while (p instanceof IASTUnaryExpression u && (u.getOperator() == IASTUnaryExpression.op_amper
                        || u.getOperator() == IASTUnaryExpression.op_bracketedPrimary)) {
                    n = p;
                    p = p.getParent();
                }
                if (p instanceof IASTFunctionCallExpression call && call.getFunctionNameExpression() != n) {
                    IASTExpression fn = call.getFunctionNameExpression();
                    String callee = fn instanceof IASTIdExpression id ? new String(id.getName().toCharArray()) : "";
                    if (callee.contains("lookup") || callee.equals("bpf_tail_call") || callee.contains("peek")
                            || callee.contains("for_each") || callee.equals("bpf_redirect_map")) {
                        return ReferenceKind.MAP_READ;
                    }
                    if (callee.contains("update") || callee.contains("delete") || callee.contains("ringbuf")
                            || callee.contains("output") || callee.contains("push") || callee.contains("pop")) {
                        return ReferenceKind.MAP_UPDATE;
                    }
                }
            }
            return ReferenceKind.MAP_USE;
        }

        private void addRef(String from, String to, String extern, ReferenceKind kind, int line) {
            String key = from + "->" + (to != null ? to : "extern:" + extern) + "|" + kind;
            refs.putIfAbsent(key, new TuResult.Ref(from, to, extern, kind.name(), line, to == null ? "call" : null));
            if (to != null && kind != ReferenceKind.MACRO) {
                alternatives(from, to, kind, line);
            }
        }

        /**
         * A guarded definition has alternatives: the same name defined in the other branches of its
         * #if chain. The parse resolves a use to the branch the crawl's flags took; the user of the
         * other flags needs the other branch, so it is linked too.
         */
        private void alternatives(String from, String to, ReferenceKind kind, int line) {
            String[] parts = to.split("\\|", 4);
            if (parts.length < 4) {
                return;
            }
            for (TuResult.Def d : places.named(parts[2], parts[0], parts[1])) {
                if (!d.key().equals(to) && !d.key().equals(from) && !d.guards().isEmpty()) {
                    refs.putIfAbsent(from + "->" + d.key() + "|" + kind, new TuResult.Ref(from, d.key(), null, kind.name(), line, null));
                }
            }
        }

        private int useLine(IASTName name) {
            IASTFileLocation loc = name.getFileLocation();
            return loc == null ? 0 : loc.getStartingLineNumber();
        }

        /** The repo definition whose text holds {@code name}'s location, preferring the given kinds. */
        private TuResult.Def defAt(IASTName name, DefinitionKind... kinds) {
            IASTFileLocation loc = name.getFileLocation();
            if (loc == null) {
                return null;
            }
            String path = relative(loc.getFileName());
            if (path == null) {
                return null;
            }
            return places.at(path, loc.getNodeOffset(), kinds);
        }

        // ---- macros used, lexically: what CDT's expansion API gives misses nested and inactive uses

        private void macroReferences(TuResult.Def d) {
            String text = files.get(d.path()).text();
            int bodyStart = d.start();
            if (d.kind().equals(DefinitionKind.MACRO.name())) {
                // skip "#define NAME"
                int nameAt = text.indexOf(d.name(), d.start());
                bodyStart = nameAt < 0 ? d.start() : nameAt + d.name().length();
            }
            String body = CText.stripCommentsAndStrings(text.substring(bodyStart, Math.min(d.end(), text.length())));
            Matcher m = IDENT.matcher(body);
            LineMap lm = lines(d.path());
            while (m.find()) {
                String id = m.group();
                List<TuResult.Def> cands = macrosByName.get(id);
                if (cands == null) {
                    continue;
                }
                TuResult.Def target = pickMacro(cands, d.path(), bodyStart + m.start());
                if (target != null && !target.key().equals(d.key())) {
                    addRef(d.key(), target.key(), null, ReferenceKind.MACRO, lm.line(bodyStart + m.start()));
                }
            }
            if (!d.kind().equals(DefinitionKind.MACRO.name())) {
                inactiveNames(d, text, bodyStart, body);
            }
            for (Guard g : d.guards()) {
                for (String id : g.macros()) {
                    List<TuResult.Def> cands = macrosByName.get(id);
                    if (cands != null) {
                        TuResult.Def target = pickMacro(cands, d.path(), d.start());
                        if (target != null && !target.key().equals(d.key())) {
                            addRef(d.key(), target.key(), null, ReferenceKind.MACRO, g.line());
                        }
                    }
                }
            }
        }

        /**
         * Names in inactive code are not resolved by the parser; they are recorded by name and kind
         * of use, and linked by name to the definitions of the unit's files.
         */
        private void inactiveNames(TuResult.Def d, String text, int bodyStart, String body) {
            Matcher m = IDENT.matcher(body);
            LineMap lm = lines(d.path());
            String prev = "";
            while (m.find()) {
                String id = m.group();
                int at = bodyStart + m.start();
                String hint = prev;
                prev = id;
                if (macrosByName.containsKey(id) || isKeyword(id) || id.equals(d.name())) {
                    continue;
                }
                boolean inactive = !d.active() || guardsAt(d.path(), at).stream().anyMatch(g -> !g.taken());
                if (!inactive) {
                    continue;
                }
                int after = m.end();
                while (after < body.length() && Character.isWhitespace(body.charAt(after))) {
                    after++;
                }
                String h = hint.equals("struct") || hint.equals("union") || hint.equals("enum") ? hint
                        : after < body.length() && body.charAt(after) == '(' ? "call" : "ident";
                ReferenceKind kind = h.equals("call") ? ReferenceKind.CALL : h.equals("ident") ? ReferenceKind.MAP_USE
                        : ReferenceKind.TYPE;
                String key = d.key() + "->lex:" + h + ":" + id;
                refs.putIfAbsent(key, new TuResult.Ref(d.key(), null, id, kind.name(), lm.line(at), h));
            }
        }

        private TuResult.Def pickMacro(List<TuResult.Def> cands, String path, int offset) {
            TuResult.Def best = null;
            for (TuResult.Def c : cands) {
                if (c.path().equals(path) && c.start() < offset && (best == null || !best.path().equals(path)
                        || c.start() > best.start())) {
                    best = c;
                }
            }
            if (best != null) {
                return best;
            }
            for (TuResult.Def c : cands) {
                if (!c.path().equals(path)) {
                    return c;
                }
            }
            return null;
        }

        // ---- problems

        private void problems() {
            for (IASTProblem p : tu.getPreprocessorProblems()) {
                problem(p, p.getMessage());
            }
            tu.accept(new ASTVisitor() {
                {
                    shouldVisitProblems = true;
                    shouldVisitDeclarations = true;
                    shouldVisitStatements = true;
                    shouldVisitExpressions = true;
                    shouldVisitDeclarators = true;
                    shouldVisitDeclSpecifiers = true;
                    shouldVisitInitializers = true;
                    shouldVisitParameterDeclarations = true;
                    shouldVisitTypeIds = true;
                    includeInactiveNodes = false;
                }

                @Override
                public int visit(IASTDeclaration declaration) {
                    IASTFileLocation loc = declaration.getFileLocation();
                    return loc != null && relative(loc.getFileName()) == null ? PROCESS_SKIP : PROCESS_CONTINUE;
                }

                @Override
                public int visit(IASTProblem problem) {
                    problem(problem, problem.getMessage());
                    return PROCESS_CONTINUE;
                }
            });
        }

        private void problem(IASTNode node, String message) {
            IASTFileLocation loc = node.getFileLocation();
            if (loc == null) {
                problems.add(new Problem(tuPath, 1, message, tuPath));
                return;
            }
            String rel = relative(loc.getFileName());
            if (rel == null) {
                return; // system headers' own problems say nothing about this repo
            }
            problems.add(new Problem(rel, loc.getStartingLineNumber(), message, tuPath));
        }
    }

    // ---- small text helpers

    private static final java.util.Set<String> KEYWORDS = java.util.Set.of("if", "else", "for", "while", "do", "return",
            "switch", "case", "default", "break", "continue", "goto", "sizeof", "struct", "union", "enum", "typedef",
            "static", "inline", "const", "volatile", "extern", "unsigned", "signed", "int", "char", "short", "long",
            "void", "float", "double", "_Bool", "__always_inline", "__inline", "__attribute__", "register", "restrict",
            "__u8", "__u16", "__u32", "__u64", "__s8", "__s16", "__s32", "__s64", "__be16", "__be32", "__be64", "__le16",
            "__le32", "__le64", "__sum16", "__wsum", "bool", "true", "false", "NULL", "defined");

    static boolean isKeyword(String id) {
        return KEYWORDS.contains(id) || id.startsWith("__builtin") || id.startsWith("bpf_");
    }

    private static final Pattern VMLINUX = Pattern.compile("(^|/)vmlinux[^/]*\\.h$");

    /**
     * A committed vmlinux.h is the kernel's types dumped from BTF, 100,000 lines and more: units
     * copy it whole, so its definitions are not indexed one by one.
     */
    static boolean isGeneratedKernelTypes(String path) {
        return VMLINUX.matcher(path).find();
    }

    /** A header from the disk; libbpf's tracing macros patched so that CDT does not recurse forever. */
    static InternalFileContent systemHeader(String path) {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        if (p.getFileName().toString().equals("bpf_tracing.h")) {
            try {
                return (InternalFileContent) FileContent.create(path,
                        TYPEOF_NAME0.matcher(Files.readString(p)).replaceAll("int            ").toCharArray());
            } catch (java.io.IOException e) {
                return null;
            }
        }
        return (InternalFileContent) FileContent.createForExternalFileLocation(path);
    }

    static IASTDeclarator innermost(IASTDeclarator d) {
        while (d.getNestedDeclarator() != null) {
            d = d.getNestedDeclarator();
        }
        return d;
    }

    static String oneLine(String s) {
        return s.replaceAll("\\\\\\r?\\n", " ").replaceAll("\\s+", " ").trim();
    }

    static String firstLine(String text, int start, int end) {
        int nl = text.indexOf('\n', start);
        return text.substring(start, nl < 0 || nl > end ? end : nl).trim();
    }

    static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** The end of a directive starting at {@code start}, following backslash continuations, past the newline. */
    static int endOfDirective(String text, int start) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                int j = i - 1;
                if (j >= 0 && text.charAt(j) == '\r') {
                    j--;
                }
                if (j >= start && text.charAt(j) == '\\') {
                    i++;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    /** License facts of a file: its SPDX expressions and its license header comment. */
    static String[] license(String text) {
        List<String> spdx = new ArrayList<>();
        Matcher m = SPDX.matcher(text);
        while (m.find()) {
            String v = m.group(1).trim();
            if (v.endsWith("*/")) {
                v = v.substring(0, v.length() - 2).trim();
            }
            if (!spdx.contains(v)) {
                spdx.add(v);
            }
        }
        String comment = CText.leadingLicenseComment(text);
        return new String[] {spdx.isEmpty() ? null : String.join(" AND ", spdx), comment};
    }

    static String initText(IASTInitializerClause c) {
        return c == null ? null : c.getRawSignature();
    }
}
