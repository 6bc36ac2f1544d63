package dev.opened.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import dev.opened.common.OpenedException;

/**
 * Base of every {@code opened} verb, after JGit pgm's {@code TextBuiltin}: a verb declares its
 * options, parses them, calls one module and prints. It holds no logic of its own.
 */
public abstract class TextBuiltin {

    /** Exit code when the work ran and failed (compile error, verifier rejection). */
    public static final int EXIT_FAILED = 1;
    /** Exit code for bad usage or bad input. */
    public static final int EXIT_USAGE = 2;

    /** Standard output: data. */
    protected PrintStream out;
    /** Standard error: diagnostics and progress. */
    protected PrintStream err;
    /** What the verb runs in: the DB path, the working directory, the environment. */
    protected Environment env;
    /** Standard error as it is, for progress lines that drive the terminal on purpose; print names through {@code Printable}. */
    protected PrintStream progress;
    /** True when {@code --format json} was given. */
    protected boolean json;
    /** The {@code --format} given: one of {@link #formats()}. */
    protected String format;
    /** Where {@code --at FILE:LINE} pointed, once {@link #function} resolved it; null without {@code --at}. */
    protected AtLine at;

    /** The verb as typed on the command line. */
    public abstract String name();

    /** One line for {@code opened help}. */
    public abstract String description();

    /** The argument synopsis after the verb, for usage messages. */
    protected abstract String synopsis();

    /** The formats the verb prints; {@code text} first, the default. */
    protected List<String> formats() {
        return List.of("text", "json");
    }

    /** Declares the verb's own options. {@code --format} and {@code --help} are added for every verb. */
    protected void options(Options options) {
    }

    /** The verb's options with the ones every verb has ({@code --format}, {@code --help}): what it parses, what completion offers. */
    final Options allOptions() {
        Options options = new Options();
        options(options);
        options.addOption(Option.builder().longOpt("format").hasArg().argName(String.join("|", formats()))
                .desc("output format (" + String.join(", ", formats()) + ")").build());
        options.addOption(Option.builder("h").longOpt("help").desc("show this verb's usage").build());
        return options;
    }

    /** Runs the verb on parsed arguments; returns the exit code. */
    protected abstract int run(CommandLine cl) throws Exception;

    /** Parses {@code args} and runs the verb, mapping failures to exit codes. */
    public final int execute(List<String> args, Environment env) {
        this.env = env;
        this.out = env.out();
        this.err = env.err();
        Options options = allOptions();
        CommandLine cl;
        try {
            cl = DefaultParser.builder().build().parse(options, args.toArray(String[]::new));
        } catch (ParseException e) {
            err.println("opened " + name() + ": " + e.getMessage());
            err.println("usage: opened " + name() + " " + synopsis());
            return EXIT_USAGE;
        }
        if (cl.hasOption("help")) {
            HelpFormatter help = new HelpFormatter();
            java.io.PrintWriter pw = new java.io.PrintWriter(out, true);
            help.printHelp(pw, 100, "opened " + name() + " " + synopsis(), description(), options, 2, 4, null);
            pw.flush();
            return 0;
        }
        format = cl.getOptionValue("format", "text");
        if (!formats().contains(format)) {
            err.println("opened " + name() + ": --format takes " + String.join(" or ", formats()) + ", not '" + format + "'");
            return EXIT_USAGE;
        }
        json = format.equals("json");
        // repository text reaches these streams: escapes in it must not act on the terminal
        progress = env.err();
        err = TerminalSafe.wrap(env.err());
        if (!json) {
            out = TerminalSafe.wrap(env.out());
        }
        try {
            return run(cl);
        } catch (Die d) {
            if (d.getMessage() != null && !d.getMessage().isEmpty()) {
                err.println(d.getMessage());
            }
            return d.exitCode();
        } catch (OpenedException e) {
            // every module's errors: the kind alone decides the exit code
            err.println("opened " + name() + ": " + e.getMessage());
            return e.kind() == OpenedException.Kind.BAD_INPUT ? EXIT_USAGE : EXIT_FAILED;
        } catch (StackOverflowError | OutOfMemoryError e) {
            err.println("opened " + name() + ": internal error: " + e);
            return EXIT_FAILED;
        } catch (Exception e) {
            err.println("opened " + name() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (System.getenv("OPENED_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return EXIT_FAILED;
        }
    }

    /** The call graph database path: {@code --db}, else {@code $OPENED_DB}, else {@code ~/.opened/callgraph.db}. */
    protected Path db() {
        return env.db();
    }

    /** Prints {@code value} as pretty JSON on stdout. */
    protected void printJson(Object value) {
        out.println(gson().toJson(value));
    }

    /** The Gson the CLI prints with: pretty, nulls kept so that a field's absence is visible. */
    protected static Gson gson() {
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();
    }

    /** {@code --boot-timeout S} of the verbs that boot the test kernel: a positive number of seconds, 180 by default. */
    protected long bootTimeout(CommandLine cl) {
        String value = cl.getOptionValue("boot-timeout", "180");
        try {
            long s = Long.parseLong(value);
            if (s > 0) {
                return s;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw usage("--boot-timeout takes a positive number of seconds, not '" + value + "'");
    }

    /** A usage error naming the verb: exit 2. */
    protected Die usage(String message) {
        return new Die(EXIT_USAGE, "opened " + name() + ": " + message + "\nusage: opened " + name() + " " + synopsis());
    }

    /** Opens the call graph for reading: a missing DB is bad input naming what to do. */
    protected dev.opened.callgraph.CallGraph openGraph() {
        return dev.opened.callgraph.CallGraph.openExisting(db());
    }

    /** The call graph of {@code --db}, for a verb that adds to it (a cache of its answers). */
    protected dev.opened.callgraph.CallGraph openGraphForUpdate() {
        return dev.opened.callgraph.CallGraph.openExistingForUpdate(db());
    }

    /** Checks, before any file is opened, that exactly one {@code FUNC@REPO[:PATH]} was given. */
    protected void expectOneFunction(CommandLine cl) {
        if (cl.hasOption("at")) {
            if (!cl.getArgList().isEmpty()) {
                throw usage("give either FUNC@REPO or --at FILE:LINE, not both");
            }
            return;
        }
        if (cl.getArgList().size() != 1) {
            throw usage("give one FUNC@REPO[:PATH]");
        }
    }

    /** The one {@code FUNC@REPO[:PATH]} argument, or {@code --at FILE:LINE}, resolved; anything else is a usage error. */
    protected dev.opened.callgraph.Definition function(CommandLine cl, dev.opened.callgraph.CallGraph graph) {
        if (cl.hasOption("at")) {
            expectOneFunction(cl);
            try {
                at = AtLine.resolve(cl.getOptionValue("at"), env.cwd(), graph);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            at.warning().ifPresent(err::println);
            if (!cl.hasOption("profile")) {
                return at.function();
            }
            dev.opened.callgraph.Definition d = at.function();
            String base = graph.requireRepo(d.repo()).base();
            return new dev.opened.callgraph.FunctionRef(d.name(), profileRepo(cl, graph, base), d.path()).resolve(graph);
        }
        if (cl.getArgList().size() != 1) {
            throw usage("give one FUNC@REPO[:PATH]");
        }
        dev.opened.callgraph.FunctionRef ref = dev.opened.callgraph.FunctionRef.parse(cl.getArgList().get(0));
        if (cl.hasOption("profile")) {
            if (ref.repo() == null) {
                throw usage("--profile names a profile of one repo; write FUNC@REPO");
            }
            ref = new dev.opened.callgraph.FunctionRef(ref.name(), profileRepo(cl, graph, ref.repo()), ref.path());
        }
        return ref.resolve(graph);
    }

    /**
     * The repo row of {@code --profile}'s profile of {@code base} (see {@link dev.opened.callgraph.Repo}),
     * checked to be crawled; a profile never crawled is a bad input that says how to crawl it.
     */
    protected String profileRepo(CommandLine cl, dev.opened.callgraph.CallGraph graph, String base) {
        String profile = cl.getOptionValue("profile");
        String name = dev.opened.callgraph.Repo.profiled(base, profile);
        if (graph.repo(name).isEmpty()) {
            List<String> known = graph.repos().stream().filter(r -> r.base().equals(base))
                    .map(dev.opened.callgraph.Repo::profile).toList();
            throw badInput("profile '" + profile + "' of repo '" + base + "' was never crawled"
                    + (known.isEmpty() ? "" : " (crawled profiles: " + String.join(", ", known) + ")")
                    + "; crawl it with: opened crawl SOURCE --name " + base + " --profile " + profile + " -D NAME...");
        }
        return name;
    }

    /** Adds {@code --profile NAME}: which crawled build profile of the repo a verb reads. */
    protected static void profileOption(Options o) {
        o.addOption(Option.builder().longOpt("profile").hasArg().argName("NAME")
                .desc("the repo's build profile, as crawled with 'opened crawl --profile NAME -D ...' (default: default)")
                .build());
    }

    /** Adds {@code --at FILE:LINE}, the IDE's way to name a function: a line of a crawled file or of the user's checkout of a crawled repo. */
    protected static void atOption(Options o) {
        o.addOption(Option.builder().longOpt("at").hasArg().argName("FILE:LINE")
                .desc("the function around this line (or FILE:FUNCTION, the one of that name), in a crawled directory or your own "
                        + "git checkout of a crawled repo (for IDEs)")
                .build());
    }

    /** Adds {@code --repo R}. */
    protected static void repoOption(Options o) {
        o.addOption(Option.builder().longOpt("repo").hasArg().argName("R").desc("only this repo").build());
    }

    /** The {@code --repo} value, checked to be crawled; null when not given. */
    protected static String repo(CommandLine cl, dev.opened.callgraph.CallGraph graph) {
        String repo = cl.getOptionValue("repo");
        if (repo != null && cl.hasOption("profile")) {
            repo = dev.opened.callgraph.Repo.profiled(repo, cl.getOptionValue("profile"));
        }
        if (repo != null) {
            graph.requireRepo(repo);
        }
        return repo;
    }

    /** A bad-input error: exit 2, the message printed as is. */
    protected Die badInput(String message) {
        return new Die(EXIT_USAGE, "opened " + name() + ": " + message);
    }
}
