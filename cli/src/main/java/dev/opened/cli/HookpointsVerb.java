package dev.opened.cli;

import java.util.List;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;
import dev.opened.common.OpenedException;
import dev.opened.extractor.Unit;
import dev.opened.transformer.Diagnostic;
import dev.opened.transformer.HelperTable;
import dev.opened.transformer.Hookpoints;
import dev.opened.transformer.Retargeter;

/** {@code opened hookpoints FUNC@REPO}: which program types the function's closure fits, and why not. */
final class HookpointsVerb extends TextBuiltin {
    @Override
    public String name() {
        return "hookpoints";
    }

    @Override
    public String description() {
        return "list each program type and whether FUNC's whole closure fits it, and if not why, at the line";
    }

    @Override
    protected String synopsis() {
        return "(FUNC@REPO[:PATH] | --at FILE:LINE | --repo R) [--profile NAME] [--kernel K] [--verify]";
    }

    @Override
    protected void options(Options o) {
        atOption(o);
        profileOption(o);
        o.addOption(Option.builder().longOpt("kernel").hasArg().argName("K")
                .desc("the kernel whose helper table decides (default debian)").build());
        o.addOption(Option.builder().longOpt("verify").desc("build and load every candidate that fits, in one boot: "
                + "one the kernel refuses does not fit").build());
        o.addOption(Option.builder().longOpt("repo").hasArg().argName("R")
                .desc("every function of a repo (for 'opened funcs --hook')").build());
    }

    @Override
    protected int run(CommandLine cl) {
        if (!cl.hasOption("repo")) {
            expectOneFunction(cl);
        } else if (!cl.getArgList().isEmpty()) {
            throw usage("give FUNC@REPO or --repo R, not both");
        }
        try (CallGraph graph = openGraphForUpdate()) {
            List<Definition> functions = cl.hasOption("repo")
                    ? graph.definitions(repo(cl, graph), dev.opened.callgraph.DefinitionKind.FUNCTION)
                    : List.of(function(cl, graph));
            HelperTable helpers = KernelHelpers.of(cl.getOptionValue("kernel", "debian"));
            Retargeter retargeter = new Retargeter(helpers, KernelHelpers.templates(null));
            Hookpoints check = new Hookpoints(retargeter);
            java.util.Map<String, List<Hookpoints.Fit>> all = new java.util.LinkedHashMap<>();
            java.util.Map<String, Unit> units = new java.util.LinkedHashMap<>();
            java.util.Map<String, Diagnostic> places = new java.util.LinkedHashMap<>();
            java.util.Map<String, Definition> defs = new java.util.LinkedHashMap<>();
            int done = 0;
            for (Definition f : functions) {
                if (env.terminal() && functions.size() > 1) {
                    progress.printf("\r\033[K[%d/%d] %s", ++done, functions.size(), dev.opened.callgraph.Printable.of(f.name()));
                }
                Unit unit;
                try {
                    unit = UnitSource.extract(graph, f, List.of(), env.cwd(), at).unit();
                } catch (OpenedException e) {
                    // one function that cannot be extracted does not stop the others
                    if (functions.size() == 1) {
                        throw e;
                    }
                    err.println(f.qualifiedName() + ": not checked: " + e.getMessage());
                    continue;
                }
                List<Hookpoints.Fit> fits = check.check(unit);
                units.put(f.qualifiedName(), unit);
                places.put(f.qualifiedName(), new Diagnostic(f.path(), f.startLine(), 1, ""));
                all.put(f.qualifiedName(), fits);
                defs.put(f.qualifiedName(), f);
            }
            if (cl.hasOption("verify")) {
                dev.opened.verifier.Verifier verifier = KernelHelpers.verifier().searching(env.vars().get("PATH"));
                all = HookpointsVerify.verify(all, units, places, retargeter, verifier,
                        verifier.kernel(cl.getOptionValue("kernel", "debian")));
            }
            for (java.util.Map.Entry<String, List<Hookpoints.Fit>> e : all.entrySet()) {
                for (Hookpoints.Fit fit : e.getValue()) {
                    graph.recordHookFit(defs.get(e.getKey()).id(), helpers.kernel(), fit.programType(), fit.fits(),
                            String.join("\n", fit.reasons().stream().map(Diagnostic::toString).toList()));
                }
            }
            if (env.terminal() && functions.size() > 1) {
                progress.print("\r\033[K");
            }
            if (json) {
                printJson(functions.size() == 1 && !cl.hasOption("repo") ? all.values().iterator().next() : all);
                return 0;
            }
            for (java.util.Map.Entry<String, List<Hookpoints.Fit>> e : all.entrySet()) {
                String repo = e.getKey().substring(e.getKey().indexOf('@') + 1, e.getKey().indexOf(':'));
                out.println(e.getKey() + " on " + helpers.kernel() + ":");
                for (Hookpoints.Fit fit : e.getValue()) {
                    out.printf("  %-20s %-16s %s%n", fit.hook(), fit.programType(), !fit.fits() ? "no"
                            : cl.hasOption("verify") ? "fits (built and loaded: the kernel accepted it)" : "fits");
                    // at column 0 and naming a file the user has, so that an IDE's error parser takes them
                    java.nio.file.Path root = at != null && at.function().repo().equals(repo) ? at.root()
                            : RepoPaths.localDirectory(graph.requireRepo(repo));
                    for (Diagnostic d : fit.reasons()) {
                        out.println(new Diagnostic(RepoPaths.onDisk(root, d.file(), repo + "/" + d.file()), d.line(), d.column(),
                                d.message()));
                    }
                }
            }
            return 0;
        }
    }
}
