package dev.opened.callgraph;

import java.util.List;

/**
 * The answer to "which definition is FUNC@REPO[:PATH]": exactly one, several (ambiguous), or
 * none with names that come close.
 *
 * @param matches the definitions that match; one when resolved
 * @param suggestions for no match, the closest names ("did you mean"), best first
 */
public record Lookup(List<Definition> matches, List<String> suggestions) {
    /** Copies the lists. */
    public Lookup {
        matches = List.copyOf(matches);
        suggestions = List.copyOf(suggestions);
    }

    /** True when exactly one definition matches. */
    public boolean resolved() {
        return matches.size() == 1;
    }

    /** The one match; only when {@link #resolved()}. */
    public Definition single() {
        if (!resolved()) {
            throw new IllegalStateException("not resolved: " + matches.size() + " matches");
        }
        return matches.get(0);
    }
}
