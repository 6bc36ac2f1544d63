package dev.opened.extractor;

import java.util.List;

import dev.opened.callgraph.Definition;

/**
 * What to extract.
 *
 * @param function the function, resolved in the call graph
 * @param userDefines {@code -D} the user asked for: written as {@code #define}s at the unit's top
 */
public record ExtractRequest(Definition function, List<String> userDefines) {
    /** Copies the list. */
    public ExtractRequest {
        userDefines = List.copyOf(userDefines);
    }
}
