package dev.opened.extractor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;
import dev.opened.callgraph.Guard;
import dev.opened.callgraph.SourceFile;

/**
 * Pass "emit": the unit's C text. License first, then the user's {@code -D}s, the includes, the
 * definitions (each under a provenance comment, wrapped in its original guards), the license
 * section last. Keeps track of the unit lines each definition lands on, for the manifest. Formats
 * what {@link Slice} gathered: it reads nothing itself.
 */
final class Emitter {
    private final StringBuilder out = new StringBuilder();
    private int line = 1;
    final List<Manifest.Taken> taken = new ArrayList<>();
    final List<Manifest.EntryProgram> programs = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<String> spdx = new ArrayList<>();
    private final List<String> licenseComments = new ArrayList<>();
    String licenseName;

    String text() {
        return out.toString();
    }

    void append(String s) {
        out.append(s);
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
    }

    /** SPDX lines and license comments of the source files: one when they agree, all when they differ. */
    void license(List<SourceFile> files) {
        Set<String> expressions = new LinkedHashSet<>();
        Set<String> comments = new LinkedHashSet<>();
        for (SourceFile f : files) {
            if (f.spdx() != null) {
                expressions.add(f.spdx());
            }
            if (f.licenseComment() != null) {
                comments.add(f.licenseComment().strip());
            }
        }
        spdx.addAll(expressions);
        if (!expressions.isEmpty()) {
            // one identifier per file (SPDX): code taken from files under different licenses is
            // under all of them
            append("// SPDX-License-Identifier: " + conjunction(expressions) + "\n");
        }
        licenseComments.addAll(comments);
        for (String c : comments) {
            append(c + "\n");
        }
    }

    void banner(Definition f) {
        append("/*\n * Extracted by OPENED from " + f.repo() + "@" + f.commit() + ": " + f.name() + " (" + f.path() + ":"
                + f.startLine() + "-" + f.endLine() + ")\n * with everything it needs; each definition names the lines it came from.\n */\n");
    }

    void userDefines(List<String> defines) {
        if (defines.isEmpty()) {
            return;
        }
        append("\n/* asked for with -D */\n");
        for (String d : defines) {
            int eq = d.indexOf('=');
            append("#define " + (eq < 0 ? d + " 1" : d.substring(0, eq) + " " + d.substring(eq + 1)) + "\n");
        }
    }

    void includes(List<Includes.Line> lines) {
        if (lines.isEmpty()) {
            return;
        }
        append("\n");
        for (Includes.Line l : lines) {
            openGuards(l.guards());
            append(l.directive() + "\n");
            closeGuards(l.guards());
        }
    }

    void forwardDeclarations(Set<Definition> forward) {
        if (forward.isEmpty()) {
            return;
        }
        append("\n/* declared ahead: these are used before their definition can stand */\n");
        for (Definition d : forward) {
            switch (d.kind()) {
                case STRUCT -> append("struct " + d.name() + ";\n");
                case UNION -> append("union " + d.name() + ";\n");
                case FUNCTION -> {
                    String declaration = declaration(d);
                    if (declaration != null) {
                        append(declaration + ";\n");
                    }
                }
                default -> { }
            }
        }
    }

    /** Whether the unit's code names {@code __FILE_NAME__}: then each definition sees its own file's name. */
    boolean keepFileNames;
    private String fileName;

    /**
     * The guards left open after the last definition, each with its file: the next definition
     * of the same block stays inside them, as in the original. Reopened per definition, a block
     * under {@code #ifndef X} whose first line defines {@code X} would lose the rest.
     */
    private final List<String> openFiles = new ArrayList<>();
    private final List<Guard> open = new ArrayList<>();

    void definition(Slice.Piece piece) {
        Definition d = piece.definition();
        int shared = 0;
        while (shared < open.size() && shared < d.guards().size() && open.get(shared).equals(d.guards().get(shared))
                && openFiles.get(shared).equals(d.path())) {
            shared++;
        }
        closeOpenGuards(shared);
        append("\n/* Extracted from " + d.repo() + "@" + d.commit() + " " + d.path() + " startLine: " + d.startLine()
                + " endLine: " + d.endLine() + " */\n");
        String base = d.path().substring(d.path().lastIndexOf('/') + 1);
        if (keepFileNames && d.kind() != DefinitionKind.MACRO && !base.equals(fileName)) {
            // code that checks the file it expands in (a list of known file names, a log tag) must
            // see its original's name, not the unit's
            if (fileName == null) {
                append("#pragma clang diagnostic ignored \"-Wbuiltin-macro-redefined\"\n");
                notes.add("__FILE_NAME__ is redefined before each definition to the name of the file it came from, "
                        + "as the original's code saw it");
            }
            fileName = base;
            append("#undef __FILE_NAME__\n#define __FILE_NAME__ \"" + base + "\"\n");
        }
        List<Guard> toOpen = d.guards().subList(shared, d.guards().size());
        openGuards(toOpen);
        for (Guard g : toOpen) {
            open.add(g);
            openFiles.add(d.path());
        }
        int start = line;
        String text = piece.text();
        append(text.endsWith("\n") ? text : text + "\n");
        int end = line - 1;
        List<List<String>> guards = new ArrayList<>();
        d.guards().forEach(g -> guards.add(g.directives()));
        taken.add(new Manifest.Taken(d.kind().label(), d.name(), d.path(), d.startLine(), d.endLine(), start, end, guards));
        if (d.isProgram()) {
            programs.add(new Manifest.EntryProgram(d.name(), d.section(), d.programType(), start));
        }
    }

    /**
     * A function's declaration from its signature; for a name made by a macro that expands to a
     * definition ({@code int BPF_KRETPROBE(name)}), an {@code int name()} without a prototype, which
     * any later definition returning int completes; null when even that cannot be said.
     */
    static String declaration(Definition d) {
        String sig = d.signature().replaceFirst("^SEC\\s*\\([^)]*\\)\\s*", "");
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(d.name()) + "\\s*\\(")
                .matcher(sig);
        if (!sig.contains("{") && !sig.contains("#") && named.find()) {
            return sig;
        }
        int at = sig.indexOf(d.name());
        return at > 0 && sig.substring(0, at).matches("(?s).*\\bint\\b.*") ? "int " + d.name() + "()" : null;
    }

    /** Closes the guards left open down to the first {@code keep}. */
    void closeOpenGuards(int keep) {
        while (open.size() > keep) {
            open.remove(open.size() - 1);
            openFiles.remove(openFiles.size() - 1);
            append("#endif\n");
        }
    }

    /** libbpf's definition of {@code SEC}, for a unit that names a section and may not include it. */
    static final String SEC_FALLBACK = "#ifndef SEC\n#define SEC(name) __attribute__((section(name), used))\n#endif\n";

    /**
     * A license section for a unit whose source program has none (a header's function): from what
     * its files say, only when that is GPL-compatible. Files under different licenses are all
     * taken, so one GPL-only file makes the unit "GPL"; "Dual BSD/GPL" only when every file offers both.
     */
    void addedLicenseSection() {
        List<String> said = new ArrayList<>(spdx);
        if (said.isEmpty()) {
            // older repos carry the GPL's notice instead of an SPDX line
            licenseComments.stream().filter(c -> c.contains("GNU General Public License")).findFirst()
                    .ifPresent(c -> said.add("GPL (license notice)"));
        }
        boolean anyGpl = said.stream().anyMatch(e -> e.toUpperCase(java.util.Locale.ROOT).contains("GPL"));
        boolean allDual = said.stream().map(e -> e.toUpperCase(java.util.Locale.ROOT))
                .allMatch(e -> e.contains("GPL") && e.contains("BSD") && e.contains(" OR "));
        if (anyGpl) {
            licenseName = allDual ? "Dual BSD/GPL" : "GPL";
            append("\n/* added by OPENED: the source program has no license section, its files say " + String.join(", ", said)
                    + "; GPL-only helpers need one to load */\n");
            // the function may use nothing that brings SEC in (a header of pure helpers)
            append(SEC_FALLBACK);
            append("char LICENSE[] SEC(\"license\") = \"" + licenseName + "\";\n");
            notes.add("license section \"" + licenseName + "\" added from what the files say (" + String.join(", ", said) + ")");
        } else {
            notes.add("no license section: the source program has none and its files carry no GPL-compatible license; "
                    + "GPL-only helpers will not load until you add one");
        }
    }

    private void openGuards(List<Guard> guards) {
        for (Guard g : guards) {
            for (String directive : g.directives()) {
                append(directive + "\n");
            }
        }
    }

    private void closeGuards(List<Guard> guards) {
        for (int i = 0; i < guards.size(); i++) {
            append("#endif\n");
        }
    }

    /** {@code A}, or {@code (A OR B) AND C}: compound parts in parentheses, as SPDX's grammar wants. */
    static String conjunction(Set<String> expressions) {
        if (expressions.size() == 1) {
            return expressions.iterator().next();
        }
        List<String> parts = new ArrayList<>();
        for (String e : expressions) {
            String t = e.strip();
            boolean compound = t.matches("(?i).*\\s(AND|OR|WITH)\\s.*") && !(t.startsWith("(") && t.endsWith(")"));
            parts.add(compound ? "(" + t + ")" : t);
        }
        return String.join(" AND ", parts);
    }

    static Set<String> macrosTested(Iterable<Definition> defs, Iterable<Includes.Line> includes) {
        Set<String> out = new TreeSet<>();
        for (Definition d : defs) {
            d.guards().forEach(g -> out.addAll(g.macros()));
        }
        for (Includes.Line l : includes) {
            l.guards().forEach(g -> out.addAll(g.macros()));
        }
        return out;
    }

    static Set<String> names(Iterable<Definition> defs, DefinitionKind kind) {
        Set<String> s = new HashSet<>();
        for (Definition d : defs) {
            if (d.kind() == kind) {
                s.add(d.name());
            }
        }
        return s;
    }
}
