package dev.opened.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
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
        o.addOption(Option.builder().longOpt("repo").hasArg().argName("R").desc("only this repo").build());
    }

    @Override
    protected int run(CommandLine cl) {
        try (CallGraph graph = openGraph()) {
            String repo = cl.getOptionValue("repo");
            if (repo != null) {
                graph.requireRepo(repo);
            }
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
