package dev.opened.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a verb runs in: its streams, the call graph DB chosen by {@code --db}/{@code $OPENED_DB},
 * the working directory and the process environment. Tests build one to run verbs in-process.
 */
public record Environment(PrintStream out, PrintStream err, Path db, Path cwd, Map<String, String> vars,
        boolean terminal) {

    /** The default DB location when neither {@code --db} nor {@code $OPENED_DB} is set. */
    public static Path defaultDb(Map<String, String> vars) {
        String fromEnv = vars.get("OPENED_DB");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return Path.of(System.getProperty("user.home"), ".opened", "callgraph.db");
    }
}
