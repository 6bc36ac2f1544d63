package dev.opened.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Runs {@code opened} in-process, as a user would from a shell, and keeps what it printed. */
final class Cli {
    /** One run's exit code and streams. */
    record Run(int exit, String out, String err) {
    }

    private Cli() {
    }

    static Run run(Path db, String... args) {
        return run(false, db, args);
    }

    /** As {@link #run(Path, String...)}, as if stderr were a terminal when {@code terminal}. */
    static Run run(boolean terminal, Path db, String... args) {
        List<String> all = new ArrayList<>();
        if (db != null) {
            all.add("--db");
            all.add(db.toString());
        }
        all.addAll(Arrays.asList(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.run(all, o, e, Map.of(), terminal);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
