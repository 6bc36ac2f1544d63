package dev.opened.callgraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.cdt.core.dom.ast.IASTAttribute;
import org.eclipse.cdt.core.dom.ast.IASTAttributeOwner;
import org.eclipse.cdt.core.dom.ast.IASTCompositeTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTElaboratedTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTEnumerationSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition;
import org.eclipse.cdt.core.dom.ast.IASTName;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorMacroDefinition;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTToken;
import org.eclipse.cdt.core.dom.ast.IASTTokenList;
import org.eclipse.cdt.core.dom.ast.IBinding;

/** The definitions of one unit's top-level declarations: functions, types, maps and globals. */
final class Declarations extends TuPass {
    /** The unit's macros by name, the first definition of each; made on the first look-up. */
    private Map<String, IASTPreprocessorMacroDefinition> expansions;

    Declarations(TuScan scan) {
        super(scan);
    }

    void declaration(IASTDeclaration d) {
        IASTFileLocation loc = d.getFileLocation();
        String path = loc == null ? null : relative(loc.getFileName());
        if (path == null || SnapshotProvider.isGeneratedKernelTypes(path)) {
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
            String signature = CText.oneLine(expandedName(decl.getName(), name, loc.getFileName(), text, start,
                    Math.max(start, Math.min(bodyStart, end))));
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
            TuResult.Def def = def(k, new String(c.getName().toCharArray()), path, start, end, CText.firstLine(text, start, end),
                    false, false, null, d.isActive(), null);
            walks.add(new Object[] {def, s});
            named = true;
        } else if (spec instanceof IASTEnumerationSpecifier e
                && (declarators.length == 0 || storage == IASTDeclSpecifier.sc_typedef)) {
            String name = new String(e.getName().toCharArray());
            if (name.isEmpty() && e.getEnumerators().length > 0) {
                name = "enum:" + new String(e.getEnumerators()[0].getName().toCharArray());
            }
            TuResult.Def def = def(DefinitionKind.ENUM, name, path, start, end, CText.firstLine(text, start, end), false, false,
                    null, d.isActive(), null);
            walks.add(new Object[] {def, s});
            named = true;
        }
        if (storage == IASTDeclSpecifier.sc_typedef) {
            for (IASTDeclarator dd : declarators) {
                String name = new String(innermost(dd).getName().toCharArray());
                TuResult.Def def = def(DefinitionKind.TYPEDEF, name, path, start, end, CText.firstLine(text, start, end), false,
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
            boolean kfunc = storage == IASTDeclSpecifier.sc_extern && text.substring(start, end).contains("__ksym");
            if (dd instanceof IASTFunctionDeclarator && !functionPointer && !kfunc) {
                // a prototype; BPF_KPROBE and friends put the program's SEC() on one (a kernel
                // function's extern __ksym declaration is all a unit gets of it: kept as a global)
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
                    : CText.firstLine(text, start, end), storage == IASTDeclSpecifier.sc_static, false, section,
                    d.isActive(), attrs);
            walks.add(new Object[] {def, s});
        }
    }

    /**
     * The text from {@code start} to {@code end} with a function's name as the program knows it: a
     * template header writes {@code int PROG_NAME(...)} and each {@code .c} file that includes it
     * defines {@code PROG_NAME}, so the written name is a macro and the signature shows its expansion.
     */
    private static String expandedName(IASTName written, String name, String file, String text, int start, int end) {
        IASTFileLocation at = written.getFileLocation();
        if (at == null || !file.equals(at.getFileName()) || at.getNodeOffset() < start || at.getNodeOffset() + at.getNodeLength() > end) {
            return text.substring(start, end);
        }
        int from = at.getNodeOffset();
        int to = from + at.getNodeLength();
        String asWritten = text.substring(from, to);
        if (asWritten.equals(name) || !asWritten.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return text.substring(start, end);
        }
        return text.substring(start, from) + name + text.substring(to, end);
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
    void mergeMacroPrograms() {
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
                    lm.line(Math.max(start, end - 1)), CText.oneLine(text.substring(start, Math.max(start, body))),
                    outer.isStatic(), outer.isInline(), outer.section(), guardsAt(outer.path(), start),
                    outer.active() || inner.active(), null);
            defs.remove(inner);
            defs.set(defs.indexOf(outer), merged);
            // what else the expansion declares (BPF_KSYSCALL's extern __kconfig) is the program's
            // own text: as a global of its own it would be that text again, once per program
            List<TuResult.Def> declaredByExpansion = defs.stream().filter(d -> d.kind().equals(DefinitionKind.GLOBAL.name())
                    && d.path().equals(merged.path()) && d.start() >= merged.start() && d.end() <= merged.end()).toList();
            defs.removeAll(declaredByExpansion);
            for (Object[] w : walks) {
                if (w[0] == inner || w[0] == outer) {
                    w[0] = merged;
                } else if (declaredByExpansion.contains(w[0])) {
                    w[0] = null;
                }
            }
        }
    }

    private String mapSignature(String name, TuResult.MapAttrs a) {
        return name + " " + a.style() + " " + a.mapType() + " key=" + a.keyType() + " value=" + a.valueType()
                + " max_entries=" + a.maxEntries();
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
                    sb.append(CText.unquote(s));
                }
            }
        } else {
            String s = new String(token.getTokenCharImage());
            if (s.startsWith("\"")) {
                sb.append(CText.unquote(s));
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
        if (expansions == null) {
            // each name of a map's attributes looked up among the unit's thousands of macros: read them once
            expansions = new HashMap<>();
            for (IASTPreprocessorMacroDefinition m : tu.getMacroDefinitions()) {
                expansions.putIfAbsent(new String(m.getName().toCharArray()), m);
            }
        }
        IASTPreprocessorMacroDefinition m = expansions.get(name);
        return m == null ? null : m.getExpansion();
    }

    private TuResult.Def def(DefinitionKind kind, String name, String path, int start, int end, String signature,
            boolean isStatic, boolean isInline, String section, boolean active, TuResult.MapAttrs map) {
        LineMap lm = lines(path);
        TuResult.Def d = new TuResult.Def(kind.name(), name, path, start, end, lm.line(start),
                lm.line(Math.max(start, end - 1)), signature, isStatic, isInline, section, guardsAt(path, start), active, map);
        defs.add(d);
        return d;
    }

    static IASTDeclarator innermost(IASTDeclarator d) {
        while (d.getNestedDeclarator() != null) {
            d = d.getNestedDeclarator();
        }
        return d;
    }
}
