package dev.opened.cli;

import java.util.List;
import java.util.Set;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;

/** {@code opened funcs [--repo R] [--section S] [--hook H] [PATTERN]}: functions in the call graph. */
final class Funcs extends TextBuiltin {
    @Override
    public String name() {
        return "funcs";
    }

    @Override
    public String description() {
        return "list functions (glob PATTERN; filter by repo, section or a hookpoint they fit)";
    }

    @Override
    protected String synopsis() {
        return "[--repo R] [--section S] [--hook PROGRAM_TYPE] [PATTERN]";
    }

    @Override
    protected void options(Options o) {
        repoOption(o);
        o.addOption(Option.builder().longOpt("section").hasArg().argName("S").desc("section glob, e.g. 'xdp*'").build());
        o.addOption(Option.builder().longOpt("hook").hasArg().argName("TYPE")
                .desc("only functions recorded by 'opened hookpoints' to fit this program type").build());
    }

    @Override
    protected int run(CommandLine cl) {
        if (cl.getArgList().size() > 1) {
            throw usage("give at most one PATTERN");
        }
        String pattern = cl.getArgList().isEmpty() ? null : cl.getArgList().get(0);
        try (CallGraph graph = openGraph()) {
            String repo = repo(cl, graph);
            List<Definition> fns = graph.functions(repo, cl.getOptionValue("section"), pattern);
            if (cl.hasOption("hook")) {
                Set<Long> fit = graph.functionsFitting(Hooks.programType(cl.getOptionValue("hook")));
                fns = fns.stream().filter(d -> fit.contains(d.id())).toList();
            }
            if (json) {
                printJson(fns);
                return 0;
            }
            for (Definition d : fns) {
                out.printf("%-32s %-40s %s%s%n", d.name() + "@" + d.repo(), d.path() + ":" + d.startLine(),
                        d.section() == null ? "" : "SEC(\"" + d.section() + "\") " + d.programType(),
                        d.active() ? "" : " [inactive]");
            }
            return 0;
        }
    }
}
