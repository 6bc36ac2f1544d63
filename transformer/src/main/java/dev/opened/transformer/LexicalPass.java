package dev.opened.transformer;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the table maps by token: return codes (unless they flow as values and the action boundary
 * converts them), macros, macro calls with their arguments, literal returns of entry programs, and
 * what has no equivalent, as an error at its use.
 */
final class LexicalPass implements FunctionPass {
    private static final Pattern LITERAL_RETURN = Pattern.compile("return\\s+(\\d+)\\s*;");

    @Override
    public void apply(Job job, Region r) {
        RuleTable table = job.table;
        boolean isProgram = job.programs.stream().anyMatch(p -> p.start() == r.start());
        String text = job.text;
        for (CLexer.Token t : CLexer.identifiers(text, r.start(), r.end())) {
            String id = t.text();
            if (table.returnCodes().containsKey(id)) {
                if (job.boundary) {
                    continue;
                }
                job.edits.replace(t.offset(), id.length(), table.returnCodes().get(id), "return code " + id + " -> "
                        + table.returnCodes().get(id));
            } else if (table.macros().containsKey(id)) {
                job.edits.replace(t.offset(), id.length(), table.macros().get(id), "macro " + id + " -> " + table.macros().get(id));
            } else if (table.calls().containsKey(id)) {
                int close = CLexer.closingParen(text, t.offset() + id.length());
                if (close > 0) {
                    List<String> args = CLexer.arguments(text, t.offset() + id.length(), close);
                    job.edits.replace(t.offset(), close - t.offset(), fill(table.calls().get(id), args),
                            id + "(...) -> " + table.calls().get(id));
                }
            } else if (table.noEquivalent().containsKey(id)) {
                job.error(t.offset(), table.noEquivalent().get(id));
            } else if (id.equals("return") && isProgram && !job.boundary && !table.literalReturns().isEmpty()) {
                Matcher lit = LITERAL_RETURN.matcher(text).region(t.offset(), Math.min(r.end(), t.offset() + 64));
                if (lit.lookingAt() && table.literalReturns().containsKey(lit.group(1))) {
                    job.edits.replace(lit.start(1), lit.group(1).length(), table.literalReturns().get(lit.group(1)),
                            "return code " + lit.group(1) + " -> " + table.literalReturns().get(lit.group(1)));
                }
            }
        }
    }

    /** A table's template with {@code $1}, {@code $2}... replaced by the call's arguments. */
    static String fill(String template, List<String> args) {
        String out = template;
        for (int i = args.size(); i >= 1; i--) {
            out = out.replace("$" + i, args.get(i - 1));
        }
        return out;
    }
}
