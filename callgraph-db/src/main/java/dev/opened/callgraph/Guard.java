package dev.opened.callgraph;

import java.util.List;

/**
 * One level of preprocessor conditions around a definition: the directives of that level up to
 * the branch the definition stands in, as written. For a definition in the {@code #else} branch of
 * {@code #ifdef A}, {@code directives} is {@code ["#ifdef A", "#else"]}; for the {@code #elif B}
 * branch of {@code #if A}, {@code ["#if A", "#elif B"]}. Re-emitting the directives, then the
 * definition, then {@code #endif} reproduces the original condition.
 *
 * @param directives the level's directives, outermost first, each one line as in the source
 * @param line the 1-based line of the opening {@code #if}/{@code #ifdef}/{@code #ifndef}
 * @param taken whether the crawl's configuration took this branch (false: inactive code)
 * @param macros the identifiers the level's conditions test (e.g. {@code A}, {@code B})
 */
public record Guard(List<String> directives, int line, boolean taken, List<String> macros) {
    /** Copies the lists. */
    public Guard {
        directives = List.copyOf(directives);
        macros = List.copyOf(macros);
    }

    // equals and hashCode written out: a record's generated ones are bootstrapped through method
    // handles on first use, tens of milliseconds of a short verb's start (docs/PERFORMANCE.md)
    @Override
    public boolean equals(Object o) {
        return o instanceof Guard g && line == g.line && taken == g.taken && directives.equals(g.directives)
                && macros.equals(g.macros);
    }

    @Override
    public int hashCode() {
        return ((directives.hashCode() * 31 + line) * 31 + Boolean.hashCode(taken)) * 31 + macros.hashCode();
    }
}
