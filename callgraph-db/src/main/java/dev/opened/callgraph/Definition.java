package dev.opened.callgraph;

import java.util.List;

/**
 * A repo-local definition as crawled: where it stands and under which conditions.
 *
 * @param id the row id, stable until the repo is crawled again
 * @param repo the repo's name
 * @param commit the commit it was crawled at
 * @param kind what it is
 * @param name its name ({@code flow_key} for {@code struct flow_key}; the macro's name)
 * @param path the file's path inside the repo, '/'-separated
 * @param startOffset character offset of the first character of its source text in the file
 * @param endOffset character offset just past its source text (for functions, past the closing
 *        brace; for types, globals and maps, past the terminating {@code ;})
 * @param startLine 1-based first line
 * @param endLine 1-based last line
 * @param signature for functions, the declaration as written up to the body; for macros, the
 *        {@code #define} line; for maps, {@code type key value max_entries} summarised; else the
 *        first line
 * @param isStatic declared {@code static}
 * @param isInline declared {@code inline} or {@code __always_inline}
 * @param section the ELF section after macro expansion ({@code "xdp"}, {@code ".maps"},
 *        {@code "license"}), or null
 * @param programType the program type the section implies for functions ({@code "xdp"},
 *        {@code "sched_cls"}, {@code "kprobe"}, ...), or null
 * @param guards the conditions around it, outermost first; empty when unconditional
 * @param active whether the crawl's configuration compiles it in
 */
public record Definition(long id, String repo, String commit, DefinitionKind kind, String name, String path,
        int startOffset, int endOffset, int startLine, int endLine, String signature, boolean isStatic,
        boolean isInline, String section, String programType, List<Guard> guards, boolean active) {
    /** Copies the guards. */
    public Definition {
        guards = List.copyOf(guards);
    }

    /** {@code name@repo:path}, how users name it. */
    public String qualifiedName() {
        return name + "@" + repo + ":" + path;
    }

    /** True for a function with a section: an entry program. */
    public boolean isProgram() {
        return kind == DefinitionKind.FUNCTION && section != null;
    }

    // equals and hashCode written out: a record's generated ones are bootstrapped through method
    // handles on first use, tens of milliseconds of a short verb's start (docs/PERFORMANCE.md)
    @Override
    public boolean equals(Object o) {
        return o instanceof Definition d && id == d.id && startOffset == d.startOffset && endOffset == d.endOffset
                && startLine == d.startLine && endLine == d.endLine && isStatic == d.isStatic
                && isInline == d.isInline && active == d.active && kind == d.kind
                && java.util.Objects.equals(repo, d.repo) && java.util.Objects.equals(commit, d.commit)
                && java.util.Objects.equals(name, d.name) && java.util.Objects.equals(path, d.path)
                && java.util.Objects.equals(signature, d.signature) && java.util.Objects.equals(section, d.section)
                && java.util.Objects.equals(programType, d.programType) && guards.equals(d.guards);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(id, repo, commit, kind, name, path, startOffset, endOffset, startLine, endLine,
                signature, isStatic, isInline, section, programType, guards, active);
    }
}
