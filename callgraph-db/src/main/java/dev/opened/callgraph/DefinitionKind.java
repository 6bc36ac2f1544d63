package dev.opened.callgraph;

/** What a repo-local definition is, in C's and eBPF's words. */
public enum DefinitionKind {
    /** A function with a body; an entry program when it has a section. */
    FUNCTION,
    /** A {@code struct} with a body. */
    STRUCT,
    /** A {@code union} with a body. */
    UNION,
    /** An {@code enum} with a body; its enumerators resolve to it. */
    ENUM,
    /** A {@code typedef}. */
    TYPEDEF,
    /** A global variable (not a map), e.g. a {@code const volatile} knob or the license string. */
    GLOBAL,
    /** A map: a BTF {@code SEC(".maps")} variable or a legacy {@code struct bpf_map_def SEC("maps")}. */
    MAP,
    /** A preprocessor {@code #define}. */
    MACRO;

    /** Lower-case name as stored and printed. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
