package dev.opened.extractor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;

/**
 * Pass "check names": two needed definitions with one name in one C namespace cannot both stand
 * in a unit. Guarded alternatives in one file (an {@code #ifdef}'s two branches) are not a clash.
 */
final class Clashes {
    private Clashes() {
    }

    static void check(Iterable<Definition> defs) {
        Map<String, List<Definition>> byName = new LinkedHashMap<>();
        for (Definition d : defs) {
            byName.computeIfAbsent(namespace(d.kind()) + ":" + d.name(), k -> new ArrayList<>()).add(d);
        }
        for (List<Definition> same : byName.values()) {
            for (int i = 0; i < same.size(); i++) {
                for (int j = i + 1; j < same.size(); j++) {
                    Definition a = same.get(i);
                    Definition b = same.get(j);
                    boolean sameText = a.path().equals(b.path()) && a.startOffset() == b.startOffset();
                    boolean alternatives = a.path().equals(b.path()) && !a.guards().isEmpty() && !b.guards().isEmpty();
                    if (!sameText && !alternatives) {
                        throw new ExtractException("two needed definitions of " + label(a) + " clash in one unit: "
                                + a.path() + ":" + a.startLine() + " and " + b.path() + ":" + b.startLine()
                                + " (each is what one translation unit sees; extract the functions apart)", false);
                    }
                }
            }
        }
    }

    private static String namespace(DefinitionKind k) {
        return switch (k) {
            case STRUCT, UNION, ENUM -> "tag";
            case MACRO -> "macro";
            default -> "ordinary";
        };
    }

    private static String label(Definition d) {
        return switch (d.kind()) {
            case STRUCT -> "struct " + d.name();
            case UNION -> "union " + d.name();
            case ENUM -> "enum " + d.name();
            default -> "'" + d.name() + "'";
        };
    }
}
