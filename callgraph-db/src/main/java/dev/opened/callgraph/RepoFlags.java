package dev.opened.callgraph;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The build flags a repository gives ({@code compile_flags.txt}, {@code compile_commands.json}),
 * checked before the crawl uses them. They travel into the database, the unit's manifest and its
 * Makefile, where make and the shell read them: only {@code -I} of a directory inside the
 * repository and {@code -D NAME[=VALUE]} with a C name and a value of expression characters are
 * taken; anything else that could mean something to make or a shell is refused as a problem.
 */
final class RepoFlags {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Characters a macro value in a real build uses: no $, `, \, ', ;, # or control characters. */
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_ .,+*/%<>=!&|^~()\\[\\]:?\"-]*");
    /** Other flags are dropped; these are dropped quietly (-O2, -Wall, -target, bpf...). */
    private static final Pattern HARMLESS = Pattern.compile("[A-Za-z0-9_.,+=/:@%-]*");

    private RepoFlags() {
    }

    /**
     * Adds {@code flag} to {@code out} when it is a safe {@code -I} or {@code -D}; otherwise, when it
     * is not a plain word either, adds a problem at {@code origin:line}.
     */
    static void take(String origin, int line, String flag, List<String> out, List<Problem> problems) {
        String why;
        if (flag.startsWith("-D") && flag.length() > 2) {
            why = define(flag.substring(2).trim());
        } else if (flag.startsWith("-I") && flag.length() > 2) {
            why = include(flag.substring(2).trim());
        } else {
            why = HARMLESS.matcher(flag).matches() ? "" : "not an -I or -D flag";
        }
        if (why == null) {
            out.add(flag);
        } else if (!why.isEmpty()) {
            problems.add(new Problem(origin, line, "build flag '" + Printable.of(flag) + "' refused: " + why, origin));
        }
    }

    /** Null when {@code d} ({@code NAME} or {@code NAME=VALUE}) is safe, else why not. */
    static String define(String d) {
        int eq = d.indexOf('=');
        String name = eq < 0 ? d : d.substring(0, eq);
        if (!NAME.matcher(name).matches()) {
            return "'" + Printable.of(name) + "' is not a C macro name";
        }
        if (eq >= 0 && !VALUE.matcher(d.substring(eq + 1)).matches()) {
            return "the value has characters a C expression does not need ($ ` \\ ' ; # or control characters)";
        }
        return null;
    }

    /** Null when {@code dir} is a directory inside the repository, else why not. */
    static String include(String dir) {
        if (!HARMLESS.matcher(dir).matches()) {
            return "the path has characters other than letters, digits and ._-/+,=:@%";
        }
        Path p = Path.of(dir).normalize();
        if (p.isAbsolute() || p.startsWith("..")) {
            return "the directory is outside the repository";
        }
        return null;
    }
}
