package dev.opened.cli;

import java.util.List;
import java.util.Set;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.FunctionSearch;

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
        return "[--repo R] [--section S] [--hook PROGRAM_TYPE] [--helper NAME] [--map-type TYPE] [--calls NAME] "
                + "[--program-type T] [--ctx-field STRUCT.FIELD] [PATTERN]";
    }

    @Override
    protected void options(Options o) {
        repoOption(o);
        o.addOption(Option.builder().longOpt("section").hasArg().argName("S").desc("section glob, e.g. 'xdp*'").build());
        o.addOption(Option.builder().longOpt("hook").hasArg().argName("TYPE")
                .desc("only functions recorded by 'opened hookpoints' to fit this program type").build());
        o.addOption(Option.builder().longOpt("helper").hasArg().argName("NAME")
                .desc("functions that call this helper, themselves or through their callees").build());
        o.addOption(Option.builder().longOpt("map-type").hasArg().argName("TYPE")
                .desc("functions that use a map of this type (BPF_MAP_TYPE_HASH, or hash)").build());
        o.addOption(Option.builder().longOpt("calls").hasArg().argName("NAME").desc("functions that call NAME, directly or not").build());
        o.addOption(Option.builder().longOpt("program-type").hasArg().argName("T")
                .desc("programs of this type (xdp, sched_cls or tc, kprobe...)").build());
        o.addOption(Option.builder().longOpt("ctx-field").hasArg().argName("STRUCT.FIELD")
                .desc("functions that read this context field, e.g. xdp_md.data_meta").build());
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
            if (cl.hasOption("helper") || cl.hasOption("map-type") || cl.hasOption("calls") || cl.hasOption("program-type")
                    || cl.hasOption("ctx-field")) {
                String type = cl.hasOption("program-type") ? dev.opened.callgraph.HookFamily.programTypeOfHook(cl.getOptionValue("program-type")) : null;
                Set<Long> found = new java.util.HashSet<>();
                new FunctionSearch(graph).find(new FunctionSearch.Query(repo, pattern, cl.getOptionValue("helper"),
                        cl.getOptionValue("map-type"), cl.getOptionValue("calls"), type, cl.getOptionValue("ctx-field")))
                        .forEach(d -> found.add(d.id()));
                fns = fns.stream().filter(d -> found.contains(d.id())).toList();
            }
            if (cl.hasOption("hook")) {
                String type = dev.opened.callgraph.HookFamily.programTypeOfHook(cl.getOptionValue("hook"));
                Set<Long> fit = graph.functionsFitting(type);
                if (fit.isEmpty()) {
                    err.println("opened funcs: no function is recorded to fit " + type + ": hookpoints are computed by "
                            + "'opened hookpoints FUNC@REPO' first");
                }
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
