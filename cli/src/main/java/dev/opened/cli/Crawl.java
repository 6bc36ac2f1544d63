package dev.opened.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.CallGraphException;
import dev.opened.callgraph.CrawlListener;
import dev.opened.callgraph.CrawlRequest;
import dev.opened.callgraph.CrawlSummary;
import dev.opened.callgraph.Crawler;
import dev.opened.callgraph.Printable;
import dev.opened.callgraph.Problem;

/** {@code opened crawl SOURCE...}: indexes repos into the call graph. */
final class Crawl extends TextBuiltin {
    private static final int SHOWN_PROBLEMS = 20;

    @Override
    public String name() {
        return "crawl";
    }

    @Override
    public String description() {
        return "index eBPF C repos (git URLs, git repositories, directories) into the call graph";
    }

    @Override
    protected String synopsis() {
        return "SOURCE... [--name NAME] [--profile NAME] [--ref REF] [-I DIR]... [-D NAME[=VALUE]]... [--submodule PATH|URL=REPO]...";
    }

    @Override
    protected void options(Options o) {
        o.addOption(Option.builder().longOpt("name").hasArg().argName("NAME").desc("repo name (one SOURCE only)").build());
        o.addOption(Option.builder().longOpt("profile").hasArg().argName("NAME")
                .desc("store this crawl's -I/-D as build profile NAME of the repo, repo row REPO+NAME (default: default, the plain REPO)")
                .build());
        o.addOption(Option.builder().longOpt("ref").hasArg().argName("REF").desc("branch, tag or commit (default HEAD)").build());
        o.addOption(Option.builder("I").hasArg().argName("DIR").desc("include dir, relative to the repo root").build());
        o.addOption(Option.builder("D").hasArg().argName("NAME[=VALUE]").desc("predefine a macro").build());
        o.addOption(Option.builder().longOpt("submodule").hasArg().argName("PATH|URL=REPO")
                .desc("a local git repository that holds the commit a submodule (by its path or URL) pins, for sources "
                        + "whose submodules are not checked out")
                .build());
    }

    @Override
    protected int run(CommandLine cl) {
        List<String> sources = cl.getArgList();
        if (sources.isEmpty()) {
            throw usage("give at least one SOURCE");
        }
        if (cl.hasOption("name") && sources.size() > 1) {
            throw usage("--name names one repo; give one SOURCE with it");
        }
        List<String> includes = cl.hasOption("I") ? Arrays.asList(cl.getOptionValues("I")) : List.of();
        List<String> defines = cl.hasOption("D") ? Arrays.asList(cl.getOptionValues("D")) : List.of();
        java.util.Map<String, String> submodules = new java.util.LinkedHashMap<>();
        for (String s : cl.hasOption("submodule") ? cl.getOptionValues("submodule") : new String[0]) {
            int eq = s.lastIndexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw usage("--submodule " + Printable.of(s) + ": write --submodule PATH=REPO or --submodule URL=REPO");
            }
            if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of(s.substring(eq + 1)))) {
                throw usage("--submodule " + Printable.of(s) + ": " + Printable.of(s.substring(eq + 1))
                        + " is no directory; give a local git repository (a clone or a bare mirror)");
            }
            submodules.put(s.substring(0, eq), s.substring(eq + 1));
        }
        List<CrawlSummary> summaries = new ArrayList<>();
        int exit = 0;
        // git's configuration is read on another core while the graph opens
        Crawler.warmUp(sources.get(0));
        try (CallGraph graph = CallGraph.open(db())) {
            Crawler crawler = new Crawler(graph, Crawler.defaultCache());
            for (String source : sources) {
                CrawlListener listener = env.terminal() ? (done, total, path) -> {
                    progress.printf("\r\033[K[%d/%d] %s", done, total, Printable.of(path));
                    if (done == total) {
                        progress.print("\r\033[K");
                    }
                    progress.flush();
                } : CrawlListener.NONE;
                try {
                    CrawlRequest request = new CrawlRequest(source, cl.getOptionValue("name"), cl.getOptionValue("ref"),
                            includes, defines, submodules);
                    CrawlSummary s = crawler.crawl(cl.hasOption("profile") ? request.forProfile(cl.getOptionValue("profile"))
                            : request, listener);
                    summaries.add(s);
                    if (!json) {
                        out.println(s.oneLine());
                    }
                    s.skipped().forEach(k -> err.println(s.repo() + ": skipped " + Printable.of(k)));
                    s.notes().forEach(n -> err.println(s.repo() + ": note: " + Printable.of(n)));
                    List<Problem> problems = s.upToDate() ? List.of() : graph.problems(s.repo());
                    problems.stream().limit(SHOWN_PROBLEMS)
                            .forEach(p -> err.println(s.repo() + "/" + Printable.of(p.path()) + ":" + p.line() + ": warning: "
                                    + Printable.of(p.message())));
                    if (problems.size() > SHOWN_PROBLEMS) {
                        err.println(s.repo() + ": " + (problems.size() - SHOWN_PROBLEMS)
                                + " more problems: opened problems --repo " + s.repo());
                    }
                    if (!s.failedUnits().isEmpty()) {
                        // the graph lacks these units' definitions: the crawl did not do its work
                        s.failedUnits().forEach(u -> err.println(s.repo() + "/" + Printable.of(u)
                                + ":1:1: error: could not be parsed; its definitions are missing (opened problems --repo "
                                + s.repo() + ")"));
                        exit = Math.max(exit, EXIT_FAILED);
                    }
                } catch (CallGraphException e) {
                    err.println("opened crawl: " + Printable.of(e.getMessage()));
                    exit = EXIT_USAGE;
                }
            }
        }
        if (json) {
            printJson(summaries);
        }
        return exit;
    }
}
