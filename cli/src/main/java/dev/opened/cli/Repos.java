package dev.opened.cli;

import org.apache.commons.cli.CommandLine;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Repo;

/** {@code opened repos}: the crawled repos. */
final class Repos extends TextBuiltin {
    @Override
    public String name() {
        return "repos";
    }

    @Override
    public String description() {
        return "list the crawled repos";
    }

    @Override
    protected String synopsis() {
        return "[--format json]";
    }

    @Override
    protected int run(CommandLine cl) {
        try (CallGraph graph = openGraph()) {
            var repos = graph.repos();
            if (json) {
                printJson(repos);
                return 0;
            }
            for (Repo r : repos) {
                out.printf("%-24s %-12s %5d files %6d functions  %s%n", r.name(),
                        r.commit().length() > 12 ? r.commit().substring(0, 12) : r.commit(), r.files(), r.functions(),
                        r.source());
            }
            return 0;
        }
    }
}
