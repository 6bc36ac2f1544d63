package dev.opened.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code opened}: reads the global options ({@code --db}), finds the verb in the
 * {@link CommandCatalog} and runs it. Nothing else.
 */
public final class Main {
    private Main() {
    }

    /** Runs {@code opened ARGS...} and exits with the verb's code. */
    public static void main(String[] args) {
        // most verbs open the graph: SQLite's first-use cost is paid on another core meanwhile
        Thread warm = new Thread(dev.opened.callgraph.CallGraph::warmUp, "opened-warm-up");
        warm.setDaemon(true);
        warm.start();
        boolean terminal = System.console() != null;
        System.exit(run(Arrays.asList(args), System.out, System.err, System.getenv(), terminal));
    }

    /** OPENED's version, as the build wrote it into the jar. */
    static String version() {
        try (java.io.InputStream in = Main.class.getResourceAsStream("version.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Runs {@code opened ARGS...} in-process; returns the exit code. Tests call this. */
    public static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> vars,
            boolean terminal) {
        List<String> rest = new ArrayList<>(args);
        Path db = null;
        while (!rest.isEmpty() && rest.get(0).startsWith("-")) {
            String a = rest.remove(0);
            if (a.equals("--db") && !rest.isEmpty()) {
                db = Path.of(rest.remove(0));
            } else if (a.startsWith("--db=")) {
                db = Path.of(a.substring(5));
            } else if (a.equals("--version")) {
                out.println("opened " + version());
                return 0;
            } else if (a.equals("-h") || a.equals("--help")) {
                rest.clear();
                rest.add("help");
            } else {
                err.println("opened: unknown global option '" + a + "' (global options: --db FILE, --version, --help)");
                return TextBuiltin.EXIT_USAGE;
            }
        }
        if (rest.isEmpty()) {
            rest.add("help");
        }
        CommandCatalog catalog = new CommandCatalog();
        String verbName = rest.remove(0);
        TextBuiltin verb = catalog.get(verbName);
        if (verb == null) {
            err.println("opened: '" + verbName + "' is not a verb. Verbs: " + String.join(", ", catalog.names()));
            return TextBuiltin.EXIT_USAGE;
        }
        Path cwd = Path.of("").toAbsolutePath();
        Environment env = new Environment(out, err, db != null ? db : Environment.defaultDb(vars), cwd, vars,
                terminal);
        return verb.execute(rest, env);
    }
}
