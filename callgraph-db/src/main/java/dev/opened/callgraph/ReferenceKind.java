package dev.opened.callgraph;

/** How one definition uses another. */
public enum ReferenceKind {
    /** A function calls a function. */
    CALL,
    /** Uses a struct, union, enum, enumerator or typedef (fields, parameters, locals, casts, sizeof). */
    TYPE,
    /** Expands a macro (in code, in a macro body, or in a {@code SEC(...)}). */
    MACRO,
    /** Reads a map ({@code bpf_map_lookup_elem}, {@code bpf_tail_call} through a prog array...). */
    MAP_READ,
    /** Updates a map ({@code bpf_map_update_elem}, {@code bpf_map_delete_elem}, ring buffer output...). */
    MAP_UPDATE,
    /** Any other use of a map (its address taken, passed on). */
    MAP_USE,
    /** Uses a global variable. */
    GLOBAL,
    /** Names another function without calling it (a prog array initialiser, a callback). */
    ADDRESS;

    /** Lower-case name as stored and printed. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
