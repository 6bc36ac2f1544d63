package dev.opened.extractor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;
import dev.opened.common.OpenedException;

/**
 * Pass "check names": two needed definitions with one name in one C namespace cannot both stand
 * in a unit. Guarded alternatives in one file (an {@code #ifdef}'s two branches) are not a clash,
 * and neither are what C allows: a macro defined again with the same replacement list, or one
 * whose definition an {@code #ifndef NAME} skips when the name is defined already.
 */
final class Clashes {
    private Clashes() {
    }

    static void check(Iterable<Definition> defs) {
        check(defs, Definition::signature);
    }

    /** As {@link #check(Iterable)}, reading a macro's whole text with {@code text}. */
    static void check(Iterable<Definition> defs, java.util.function.Function<Definition, String> text) {
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
                    if (!sameText && !alternatives && !(a.kind() == DefinitionKind.MACRO && compatibleMacros(a, b, text))) {
                        throw OpenedException.failure("two needed definitions of " + label(a) + " clash in one unit: "
                                + a.path() + ":" + a.startLine() + " and " + b.path() + ":" + b.startLine()
                                + " (each is what one translation unit sees; extract the functions apart)");
                    }
                }
            }
        }
    }

    /** C 6.10.3p2: the same replacement list again is no error; an {@code #ifndef NAME} keeps the first. */
    static boolean compatibleMacros(Definition a, Definition b, java.util.function.Function<Definition, String> text) {
        if (skippedWhenDefined(a) || skippedWhenDefined(b)) {
            return true;
        }
        String ta = text.apply(a);
        String tb = text.apply(b);
        return ta != null && tb != null && tokens(ta).equals(tokens(tb));
    }

    private static boolean skippedWhenDefined(Definition d) {
        return d.guards().stream().anyMatch(g -> g.directives().stream().anyMatch(dir -> dir.matches(
                "#\\s*(ifndef\\s+" + d.name() + "|if\\s+!\\s*defined\\s*\\(?\\s*" + d.name() + "\\s*\\)?)\\s*")));
    }

    /** A macro definition's text with comments gone, line splices joined and white space collapsed. */
    private static String tokens(String define) {
        return define.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ").replace("\\\n", " ")
                .replaceAll("\\s+", " ").strip();
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
