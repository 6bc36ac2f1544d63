package dev.opened.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Problem;

/** {@code opened problems [--repo R]}: what the parser could not understand during crawls. */
final class Problems extends TextBuiltin {
    @Override
    public String name() {
        return "problems";
    }

    @Override
    public String description() {
        return "list what the C parser reported while crawling (file:line: message)";
    }

    @Override
    protected String synopsis() {
        return "[--repo R]";
    }

    @Override
    protected void options(Options o) {
        repoOption(o);
    }

    @Override
    protected int run(CommandLine cl) {
        try (CallGraph graph = openGraph()) {
            String repo = repo(cl, graph);
            var problems = graph.problems(repo);
            if (json) {
                printJson(problems);
            } else {
                for (Problem p : problems) {
                    out.println(p.path() + ":" + p.line() + ": warning: " + p.message() + "  [in " + p.translationUnit() + "]");
                }
            }
            return 0;
        }
    }
}
