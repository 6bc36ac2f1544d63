package dev.opened.callgraph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorElifStatement;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorElseStatement;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorEndifStatement;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorIfStatement;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorIfdefStatement;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorIfndefStatement;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorMacroDefinition;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorStatement;

/**
 * The {@code #if}/{@code #ifdef}/{@code #elif}/{@code #else} conditions of one file, as a map from
 * offset to the stack of conditions in force there. CDT has no direct API for this; the file's
 * conditional directives are replayed in order. A header's include guard is not a condition.
 */
final class GuardMap {
    /** A conditional directive's keyword, compiled once: it is taken off every #if of every file a unit reads. */
    private static final Pattern CONDITIONAL = Pattern.compile("^#\\s*(ifdef|ifndef|if|elif|else|endif)");

    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private final TreeMap<Integer, List<Guard>> stacks = new TreeMap<>();
    private String includeGuard;
    private int includeGuardDefineOffset = -1;

    private GuardMap() {
        stacks.put(0, List.of());
    }

    List<Guard> at(int offset) {
        Map.Entry<Integer, List<Guard>> e = stacks.floorEntry(offset);
        return e == null ? List.of() : e.getValue();
    }

    String includeGuard() {
        return includeGuard;
    }

    int includeGuardDefineOffset() {
        return includeGuardDefineOffset;
    }

    private static final class Level {
        final List<String> directives = new ArrayList<>();
        final int line;
        boolean taken;
        final boolean includeGuard;

        Level(String text, int line, boolean taken, boolean includeGuard) {
            directives.add(text);
            this.line = line;
            this.taken = taken;
            this.includeGuard = includeGuard;
        }

        Guard toGuard() {
            Set<String> macros = new LinkedHashSet<>();
            for (String d : directives) {
                String cond = CText.stripCommentsAndStrings(CONDITIONAL.matcher(d).replaceFirst(""));
                Matcher m = IDENT.matcher(cond);
                while (m.find()) {
                    String id = m.group();
                    if (!id.equals("defined")) {
                        macros.add(id);
                    }
                }
            }
            return new Guard(directives, line, taken, new ArrayList<>(macros));
        }
    }

    static GuardMap build(List<IASTPreprocessorStatement> statements, String text, LineMap lines) {
        List<IASTPreprocessorStatement> sorted = new ArrayList<>(statements);
        sorted.sort(Comparator.comparingInt(s -> s.getFileLocation().getNodeOffset()));
        GuardMap map = new GuardMap();
        // find the include guard: first conditional is #ifndef X, next directive #define X, and its
        // #endif is the file's last conditional directive
        int firstCond = -1;
        for (int i = 0; i < sorted.size(); i++) {
            if (isConditional(sorted.get(i))) {
                firstCond = i;
                break;
            }
        }
        int guardEndif = -1;
        if (firstCond >= 0 && sorted.get(firstCond) instanceof IASTPreprocessorIfndefStatement ifn
                && firstCond + 1 < sorted.size() && sorted.get(firstCond + 1) instanceof IASTPreprocessorMacroDefinition def
                && new String(def.getName().toCharArray()).equals(new String(ifn.getCondition()).trim())) {
            int depth = 0;
            int last = -1;
            for (int i = firstCond; i < sorted.size(); i++) {
                IASTPreprocessorStatement s = sorted.get(i);
                if (opens(s)) {
                    depth++;
                } else if (s instanceof IASTPreprocessorEndifStatement) {
                    depth--;
                    if (depth == 0 && last < 0) {
                        last = i;
                    }
                }
            }
            boolean nothingAfter = true;
            for (int i = last + 1; last >= 0 && i < sorted.size(); i++) {
                if (isConditional(sorted.get(i))) {
                    nothingAfter = false;
                }
            }
            // an include guard wraps the whole file: nothing but comments before the #ifndef or after the #endif
            String stripped = CText.stripCommentsAndStrings(text);
            int ifndefAt = ifn.getFileLocation().getNodeOffset();
            boolean wholeFile = last >= 0 && stripped.substring(0, ifndefAt).isBlank()
                    && stripped.substring(Math.min(stripped.length(), CText.endOfDirective(text,
                            sorted.get(last).getFileLocation().getNodeOffset()))).isBlank();
            if (last >= 0 && nothingAfter && wholeFile) {
                guardEndif = last;
                map.includeGuard = new String(def.getName().toCharArray());
                map.includeGuardDefineOffset = def.getFileLocation().getNodeOffset();
            }
        }
        List<Level> stack = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            IASTPreprocessorStatement s = sorted.get(i);
            if (!isConditional(s)) {
                continue;
            }
            IASTFileLocation loc = s.getFileLocation();
            int off = loc.getNodeOffset();
            int end = CText.endOfDirective(text, off);
            // one line again once the comments are spaces: the helper's patterns, not one compiled per directive
            String directive = CText.oneLine(CText.stripComments(CText.oneLine(text.substring(off, end))));
            if (opens(s)) {
                stack.add(new Level(directive, lines.line(off), taken(s), i == firstCond && guardEndif >= 0));
            } else if (s instanceof IASTPreprocessorElifStatement || s instanceof IASTPreprocessorElseStatement) {
                if (!stack.isEmpty()) {
                    Level top = stack.get(stack.size() - 1);
                    top.directives.add(directive);
                    top.taken = taken(s);
                }
            } else if (s instanceof IASTPreprocessorEndifStatement && !stack.isEmpty()) {
                stack.remove(stack.size() - 1);
            }
            List<Guard> snapshot = new ArrayList<>();
            for (Level l : stack) {
                if (!l.includeGuard) {
                    snapshot.add(l.toGuard());
                }
            }
            map.stacks.put(end, List.copyOf(snapshot));
        }
        return map;
    }

    private static boolean opens(IASTPreprocessorStatement s) {
        return s instanceof IASTPreprocessorIfStatement || s instanceof IASTPreprocessorIfdefStatement
                || s instanceof IASTPreprocessorIfndefStatement;
    }

    private static boolean isConditional(IASTPreprocessorStatement s) {
        return opens(s) || s instanceof IASTPreprocessorElifStatement || s instanceof IASTPreprocessorElseStatement
                || s instanceof IASTPreprocessorEndifStatement;
    }

    /** A conditional branch the configuration did not take. */
    static boolean skipped(IASTPreprocessorStatement s) {
        return isConditional(s) && !(s instanceof IASTPreprocessorEndifStatement) && !taken(s);
    }

    private static boolean taken(IASTPreprocessorStatement s) {
        if (s instanceof IASTPreprocessorIfStatement x) {
            return x.taken();
        }
        if (s instanceof IASTPreprocessorIfdefStatement x) {
            return x.taken();
        }
        if (s instanceof IASTPreprocessorIfndefStatement x) {
            return x.taken();
        }
        if (s instanceof IASTPreprocessorElifStatement x) {
            return x.taken();
        }
        if (s instanceof IASTPreprocessorElseStatement x) {
            return x.taken();
        }
        return true;
    }
}
