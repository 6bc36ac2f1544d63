package dev.opened.cli;

import java.nio.file.Path;
import java.util.List;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import dev.opened.library.LibraryBuilder;
import dev.opened.library.LibraryListener;
import dev.opened.library.LibraryRequest;
import dev.opened.library.LibrarySummary;

/**
 * {@code opened library build}: every chosen function of the crawled repos, extracted, retargeted
 * to each hook, built and verified beside its original, into a catalog with an HTML index.
 */
final class Library extends TextBuiltin {
    @Override
    public String name() {
        return "library";
    }

    @Override
    public String description() {
        return "library build: extract, retarget, build and verify every function (and its original) into DIR/catalog.json and DIR/index.html";
    }

    @Override
    protected String synopsis() {
        return "build [--repo R]... [--functions entry|all|GLOB] [--hook H]... -o DIR [-j N] [--kernel K]... [--templates DIR] [--profile NAME]";
    }

    @Override
    protected void options(Options o) {
        o.addOption(Option.builder().longOpt("repo").hasArg().argName("R").desc("only this repo (repeatable; default all)").build());
        o.addOption(Option.builder().longOpt("functions").hasArg().argName("entry|all|GLOB")
                .desc("programs only, every active function (default), or names matching a glob").build());
        o.addOption(Option.builder().longOpt("hook").hasArg().argName("H").desc("a hook to retarget to, or own: the unit as extracted, at its own section (repeatable; default xdp and tc)").build());
        o.addOption(Option.builder("o").hasArg().argName("DIR").desc("the library directory").build());
        o.addOption(Option.builder("j").hasArg().argName("N").desc("units made at once (default: the core count)").build());
        o.addOption(Option.builder().longOpt("kernel").hasArg().argName("K").desc("debian (default), host, or a bzImage (repeatable)").build());
        profileOption(o);
        o.addOption(Option.builder().longOpt("templates").hasArg().argName("DIR").desc("your templates, before the project's").build());
    }

    @Override
    protected int run(CommandLine cl) throws Exception {
        if (cl.getArgList().size() != 1 || !cl.getArgList().get(0).equals("build")) {
            throw usage("the library verb is 'library build'");
        }
        if (!cl.hasOption("o")) {
            throw usage("give -o DIR");
        }
        int jobs;
        try {
            jobs = Integer.parseInt(cl.getOptionValue("j", String.valueOf(Runtime.getRuntime().availableProcessors())));
        } catch (NumberFormatException e) {
            throw usage("-j takes a count, not '" + cl.getOptionValue("j") + "'");
        }
        LibraryRequest req = new LibraryRequest(db(), repos(cl), cl.getOptionValue("functions", "all"),
                values(cl, "hook", List.of("xdp", "tc")), env.cwd().resolve(cl.getOptionValue("o")), jobs,
                values(cl, "kernel", List.of("debian")),
                cl.hasOption("templates") ? env.cwd().resolve(cl.getOptionValue("templates")) : null,
                System.getProperty("opened.launcher"), Path.of(System.getProperty("opened.root", ".")));
        LibrarySummary s = new LibraryBuilder(req.projectRoot(), env.vars().get("PATH")).build(req, progress());
        if (json) {
            printJson(s);
            return 0;
        }
        if (s.defects() > 0) {
            out.println("OPENED defects (the unit fails where its original passes), by cause:");
            s.defectCauses().forEach((cause, ids) -> {
                out.println("  " + ids.size() + "  " + cause);
                ids.stream().limit(5).forEach(id -> out.println("        " + id));
            });
        }
        out.println(s.line());
        out.println("catalog: " + s.catalog() + ", index: " + Path.of(s.catalog()).resolveSibling("index.html"));
        return 0;
    }

    /**
     * The repo rows to build from: {@code --repo}s, or every crawled repo; with {@code --profile}, that
     * profile's row of each given repo, or every crawled repo's row of that profile.
     */
    private List<String> repos(CommandLine cl) {
        List<String> given = values(cl, "repo", List.of());
        if (!cl.hasOption("profile")) {
            return given;
        }
        try (dev.opened.callgraph.CallGraph graph = openGraph()) {
            if (!given.isEmpty()) {
                return given.stream().map(r -> profileRepo(cl, graph, r)).toList();
            }
            String profile = cl.getOptionValue("profile");
            List<String> rows = graph.repos().stream().filter(r -> r.profile().equals(profile))
                    .map(dev.opened.callgraph.Repo::name).toList();
            if (rows.isEmpty()) {
                throw badInput("no repo was crawled with --profile " + profile);
            }
            return rows;
        }
    }

    private static List<String> values(CommandLine cl, String opt, List<String> fallback) {
        return cl.hasOption(opt) ? List.of(cl.getOptionValues(opt)) : fallback;
    }

    /** A progress line on a terminal: stage, done/total, failures, ETA; nothing when not a terminal. */
    private LibraryListener progress() {
        if (!env.terminal()) {
            return new LibraryListener() {
            };
        }
        return new LibraryListener() {
            private String stage = "";
            private long start = System.nanoTime();

            @Override
            public synchronized void stage(String name, int total) {
                if (!stage.isEmpty()) {
                    err.println();
                }
                stage = name;
                start = System.nanoTime();
                err.print("\r" + name + (total > 0 ? ": 0/" + total : "..."));
            }

            @Override
            public synchronized void progress(int done, int total, int failures) {
                if (stage.isEmpty()) {
                    return;
                }
                long elapsed = System.nanoTime() - start;
                long eta = done == 0 ? 0 : elapsed / done * (total - done) / 1_000_000_000L;
                err.printf("\r%s: %d/%d, %d failed, ETA %d:%02d   ", stage, done, total, failures, eta / 60, eta % 60);
                if (done == total) {
                    err.println();
                    stage = "";
                }
            }
        };
    }
}
