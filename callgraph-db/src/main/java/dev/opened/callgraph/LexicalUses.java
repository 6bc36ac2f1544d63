package dev.opened.callgraph;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names used in a definition's text, found lexically: macros (what CDT's expansion API gives
 * misses nested and inactive uses) and the names of inactive code, which the parser does not resolve.
 */
final class LexicalUses extends TuPass {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final java.util.Set<String> KEYWORDS = java.util.Set.of("if", "else", "for", "while", "do", "return",
            "switch", "case", "default", "break", "continue", "goto", "sizeof", "struct", "union", "enum", "typedef",
            "static", "inline", "const", "volatile", "extern", "unsigned", "signed", "int", "char", "short", "long",
            "void", "float", "double", "_Bool", "__always_inline", "__inline", "__attribute__", "register", "restrict",
            "__u8", "__u16", "__u32", "__u64", "__s8", "__s16", "__s32", "__s64", "__be16", "__be32", "__be64", "__le16",
            "__le32", "__le64", "__sum16", "__wsum", "bool", "true", "false", "NULL", "defined");

    static boolean isKeyword(String id) {
        return KEYWORDS.contains(id) || id.startsWith("__builtin") || id.startsWith("bpf_");
    }

    private final References references;

    LexicalUses(TuScan scan, References references) {
        super(scan);
        this.references = references;
    }

    // ---- macros used, lexically: what CDT's expansion API gives misses nested and inactive uses

    void macroReferences(TuResult.Def d) {
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
            TuResult.Def target = pickMacro(cands, d.path(), bodyStart + m.start(),
                    d.kind().equals(DefinitionKind.MACRO.name()));
            if (target != null && !target.key().equals(d.key())) {
                references.addRef(d.key(), target.key(), null, ReferenceKind.MACRO, lm.line(bodyStart + m.start()));
            }
        }
        if (!d.kind().equals(DefinitionKind.MACRO.name())) {
            inactiveNames(d, text, bodyStart, body);
        }
        for (Guard g : d.guards()) {
            for (String id : g.macros()) {
                List<TuResult.Def> cands = macrosByName.get(id);
                if (cands != null) {
                    TuResult.Def target = pickMacro(cands, d.path(), d.start(), false);
                    if (target != null && !target.key().equals(d.key())) {
                        references.addRef(d.key(), target.key(), null, ReferenceKind.MACRO, g.line());
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
            // active code: a CO-RE flavour of a type (NAME___SUFFIX, a local definition libbpf
            // matches to the kernel's NAME) is written inside a CO-RE macro's argument (bcc's
            // bpf_core_field_exists(struct renamedata___x, ...)), where the parser does not
            // resolve it: linked by name as well. Other tags the parser resolved, to the system's
            // headers perhaps, which a by-name link to a repo copy would contradict.
            boolean flavour = (hint.equals("struct") || hint.equals("union") || hint.equals("enum")) && id.contains("___");
            if (!inactive && !(flavour && !resolvedTag(d, id))) {
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

    /** The names each definition's parsed references reach, by its key; built at the first question. */
    private java.util.Map<String, java.util.Set<String>> reached;

    /** Whether the parser linked {@code d} to a definition named {@code tag} already. */
    private boolean resolvedTag(TuResult.Def d, String tag) {
        if (reached == null) {
            reached = new java.util.HashMap<>();
            for (TuResult.Ref r : refs.values()) {
                if (r.toKey() != null) {
                    String[] parts = r.toKey().split("\\|", 3);
                    if (parts.length > 1) {
                        reached.computeIfAbsent(r.fromKey(), k -> new java.util.HashSet<>()).add(parts[1]);
                    }
                }
            }
        }
        return reached.getOrDefault(d.key(), java.util.Set.of()).contains(tag);
    }

    /**
     * The definition of a macro named at {@code offset}: the nearest before it in the same file, else
     * one of another file; a macro's body ({@code inMacroBody}) expands where the macro is used, so
     * it may also name one defined after it in its own file.
     */
    private TuResult.Def pickMacro(List<TuResult.Def> cands, String path, int offset, boolean inMacroBody) {
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
        for (TuResult.Def c : cands) {
            if (inMacroBody && c.path().equals(path) && c.start() > offset && (best == null || c.start() < best.start())) {
                best = c;
            }
        }
        return best;
    }
}
