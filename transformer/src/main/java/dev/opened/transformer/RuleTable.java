package dev.opened.transformer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;

import dev.opened.common.OpenedException;

/**
 * The rewrites from one hook family to another, as data: one JSON file per pair under
 * {@code rules/} (context type, context fields, return codes, helpers with their counterparts,
 * macros, headers, and what has no equivalent, with why). Code applies tables; it knows no pair.
 */
record RuleTable(Map<String, String> context, String contextError, Map<String, String> fields, boolean sameContext,
        String noField, Map<String, String> returnCodes, Map<String, String> literalReturns,
        Map<String, String> noEquivalent, Map<String, String> helpers, Map<String, String> macros,
        Map<String, String> calls, List<String> headers, Boundary boundary) {

    /**
     * How a program whose action codes flow as values (stored, compared, passed to functions,
     * used as map keys) keeps the source hook's codes inside and converts at its edges.
     *
     * @param toFunction the generated function that turns a source code into the target's, at each return of the program
     * @param fromFunction the generated function that turns what a target-hook helper returns into a source code
     * @param otherwise the target code for a source code the table does not map
     * @param actionHelpers helpers that return an action code of the hook they run in
     * @param helperResults their target-hook results → the source code they mean
     */
    record Boundary(String toFunction, String fromFunction, String otherwise, List<String> actionHelpers,
            Map<String, String> helperResults) {
    }

    RuleTable {
        context = context == null ? Map.of() : context;
        fields = fields == null ? Map.of() : fields;
        returnCodes = returnCodes == null ? Map.of() : returnCodes;
        literalReturns = literalReturns == null ? Map.of() : literalReturns;
        noEquivalent = noEquivalent == null ? Map.of() : noEquivalent;
        helpers = helpers == null ? Map.of() : helpers;
        macros = macros == null ? Map.of() : macros;
        calls = calls == null ? Map.of() : calls;
        headers = headers == null ? List.of() : headers;
    }

    /** Within one family nothing changes but the section. */
    static RuleTable identity() {
        return new RuleTable(Map.of(), null, Map.of(), true, null, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                List.of(), null);
    }

    /** The table from {@code from} to {@code to}, or null when there is none. */
    static RuleTable load(String from, String to) {
        return load(from, to, null);
    }

    /**
     * The table from {@code from} to {@code to}: {@code userRules/FROM-TO.json} when that exists
     * (the user's own tables, as {@code --templates} gives templates), else the project's; null
     * when there is none.
     */
    static RuleTable load(String from, String to, java.nio.file.Path userRules) {
        if (from.equals(to)) {
            return identity();
        }
        java.nio.file.Path own = userRules == null ? null : userRules.resolve(from + "-" + to + ".json");
        if (own != null && java.nio.file.Files.isRegularFile(own)) {
            try {
                return new Gson().fromJson(java.nio.file.Files.readString(own), RuleTable.class);
            } catch (IOException | RuntimeException e) {
                throw OpenedException.badInput(own + ": not a rule table: " + e.getMessage());
            }
        }
        try (InputStream in = RuleTable.class.getResourceAsStream("rules/" + from + "-" + to + ".json")) {
            if (in == null) {
                return null;
            }
            return new Gson().fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), RuleTable.class);
        } catch (IOException e) {
            throw new IllegalStateException("rules/" + from + "-" + to + ".json: " + e.getMessage(), e);
        }
    }
}
