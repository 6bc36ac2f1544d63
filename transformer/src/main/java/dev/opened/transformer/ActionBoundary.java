package dev.opened.transformer;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Action codes as values. Rewriting {@code XDP_PASS} to {@code TC_ACT_OK} token by token is right
 * only while codes go straight to a {@code return}: once one is stored, compared with a bound of
 * the source hook ({@code action >= XDP_ACTION_MAX}), used as an index or a map key, or passed to
 * a function, the token rewrite mixes two numberings (a tc {@code bpf_redirect} result, 7, read as
 * an XDP code). Such a program keeps the source hook's codes inside: each {@code return} of the
 * entry program converts once ({@code toFunction}), and each helper that returns a target-hook
 * code converts back ({@code fromFunction}). Both functions are generated from the rule table.
 */
final class ActionBoundary {
    private static final Pattern RETURN = Pattern.compile("\\breturn\\b");

    private ActionBoundary() {
    }

    /**
     * True when codes flow as values in {@code functions}: a code (or an action helper) appears in
     * a function that is not an entry program, or in a program outside a {@code return} statement.
     */
    static boolean needed(Job job, RuleTable table, List<Region> programs,
            List<Region> functions) {
        if (table.boundary() == null || programs.isEmpty()) {
            return false;
        }
        Set<String> codes = table.returnCodes().keySet();
        for (Region r : functions) {
            boolean program = programs.stream().anyMatch(p -> p.start() == r.start());
            for (CLexer.Token t : CLexer.identifiers(job.text, r.bodyStart(), r.end())) {
                if (table.boundary().actionHelpers().contains(t.text())) {
                    return true;
                }
                if (codes.contains(t.text()) && (!program || !inReturn(job.text, r.bodyStart(), t.offset()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code at} lies in the expression of a {@code return} statement: the word
     * {@code return} comes between the statement's start and it ({@code if (x) return XDP_DROP;}),
     * and no comparison stands between them ({@code return a == XDP_PASS} reads a code as a value).
     */
    private static boolean inReturn(String text, int bodyStart, int at) {
        int stmt = Math.max(Math.max(text.lastIndexOf(';', at), text.lastIndexOf('{', at)), text.lastIndexOf('}', at));
        String before = text.substring(Math.max(stmt, bodyStart), at).replaceAll("(?s)/\\*.*?\\*/", " ");
        Matcher m = RETURN.matcher(before);
        int last = -1;
        while (m.find()) {
            last = m.end();
        }
        return last >= 0 && !before.substring(last).matches("(?s).*(==|!=|<|(?<!-)>|\\[).*");
    }

    /** Converts at the edges: returns of the programs, results of action helpers in every function. */
    static void apply(Job job, RuleTable table, List<Region> programs, List<Region> functions) {
        RuleTable.Boundary b = table.boundary();
        String text = job.text;
        for (Region p : programs) {
            for (CLexer.Token t : CLexer.identifiers(text, p.bodyStart(), p.end())) {
                if (!t.text().equals("return")) {
                    continue;
                }
                int end = statementEnd(text, t.offset() + 6, p.end());
                if (end < 0 || text.substring(t.offset() + 6, end).isBlank()) {
                    continue;
                }
                int start = t.offset() + 6;
                while (Character.isWhitespace(text.charAt(start))) {
                    start++;
                }
                job.edits.insert(start, b.toFunction() + "(", "return converts the program's " + "action code: "
                        + b.toFunction());
                job.edits.insert(end, ")", "return converts the program's action code: " + b.toFunction());
            }
        }
        for (Region r : functions) {
            for (CLexer.Token t : CLexer.identifiers(text, r.bodyStart(), r.end())) {
                if (!b.actionHelpers().contains(t.text())) {
                    continue;
                }
                int close = CLexer.closingParen(text, t.offset() + t.text().length());
                if (close > 0) {
                    job.edits.replace(t.offset(), t.text().length(), b.fromFunction() + "(" + t.text(),
                            t.text() + "'s result back to the program's action codes: " + b.fromFunction());
                    job.edits.insert(close, ")", t.text() + "'s result back to the program's action codes");
                }
            }
        }
        int first = functions.stream().mapToInt(Region::start).min().orElse(-1);
        if (first >= 0) {
            job.edits.insert(lineStart(text, first), functions(table), "action code conversion at the program's edges");
        }
    }

    /** The offset of the {@code ;} that ends a statement starting at {@code from}, at bracket depth 0. */
    private static int statementEnd(String text, int from, int limit) {
        int depth = 0;
        for (int i = from; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ';' && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int lineStart(String text, int offset) {
        int nl = text.lastIndexOf('\n', Math.max(0, offset - 1));
        // the provenance comment above a definition stays with it
        int at = nl + 1;
        int prev = text.lastIndexOf('\n', Math.max(0, at - 2));
        if (at > 0 && text.substring(prev + 1, at).trim().startsWith("/* from ")) {
            return prev + 1;
        }
        return at;
    }

    private static String functions(RuleTable table) {
        RuleTable.Boundary b = table.boundary();
        StringBuilder s = new StringBuilder("/* OPENED: this program's action codes flow as values (stored, compared, passed on),\n"
                + " * so it keeps its own codes inside and converts them where they leave it and where a helper\n"
                + " * of the new hook returns one. */\n");
        s.append("static __always_inline int ").append(b.toFunction()).append("(int action)\n{\n\tswitch (action) {\n");
        for (Map.Entry<String, String> e : table.returnCodes().entrySet()) {
            s.append("\tcase ").append(e.getKey()).append(": return ").append(e.getValue()).append(";\n");
        }
        s.append("\tdefault: return ").append(b.otherwise()).append(";\n\t}\n}\n\n");
        s.append("static __always_inline int ").append(b.fromFunction()).append("(int action)\n{\n\tswitch (action) {\n");
        for (Map.Entry<String, String> e : b.helperResults().entrySet()) {
            s.append("\tcase ").append(e.getKey()).append(": return ").append(e.getValue()).append(";\n");
        }
        s.append("\tdefault: return action;\n\t}\n}\n\n");
        return s.toString();
    }
}
