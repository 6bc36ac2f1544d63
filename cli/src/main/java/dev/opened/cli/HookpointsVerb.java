package dev.opened.cli;

import java.util.List;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;
import dev.opened.extractor.ExtractRequest;
import dev.opened.extractor.Extractor;
import dev.opened.extractor.Unit;
import dev.opened.transformer.Diagnostic;
import dev.opened.transformer.HelperTable;
import dev.opened.transformer.Hookpoints;
import dev.opened.transformer.Retargeter;
import dev.opened.transformer.Templates;
import dev.opened.transformer.TransformException;
import dev.opened.verifier.VerifierException;

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
        return "FUNC@REPO[:PATH] [--kernel K]";
    }

    @Override
    protected void options(Options o) {
        o.addOption(Option.builder().longOpt("kernel").hasArg().argName("K")
                .desc("the kernel whose helper table decides (default debian)").build());
    }

    @Override
    protected int run(CommandLine cl) {
        expectOneFunction(cl);
        try (CallGraph graph = openGraph()) {
            Definition f = function(cl, graph);
            Unit unit = new Extractor(graph).extract(new ExtractRequest(f, List.of()));
            HelperTable helpers = KernelHelpers.of(cl.getOptionValue("kernel", "debian"));
            List<Hookpoints.Fit> fits = new Hookpoints(new Retargeter(helpers, new Templates(null, KernelHelpers.projectTemplates())))
                    .check(unit);
            for (Hookpoints.Fit fit : fits) {
                graph.recordHookFit(f.id(), helpers.kernel(), fit.programType(), fit.fits(),
                        String.join("\n", fit.reasons().stream().map(Diagnostic::toString).toList()));
            }
            if (json) {
                printJson(fits);
                return 0;
            }
            out.println(f.qualifiedName() + " on " + helpers.kernel() + ":");
            for (Hookpoints.Fit fit : fits) {
                out.printf("  %-20s %-16s %s%n", fit.hook(), fit.programType(), fit.fits() ? "fits" : "no");
                for (Diagnostic d : fit.reasons()) {
                    out.println("      " + f.repo() + "/" + d);
                }
            }
            return 0;
        } catch (TransformException e) {
            throw new Die(e.badInput() ? EXIT_USAGE : EXIT_FAILED, "opened hookpoints: " + e.getMessage());
        } catch (VerifierException e) {
            throw new Die(e.badInput() ? EXIT_USAGE : EXIT_FAILED, "opened hookpoints: " + e.getMessage());
        }
    }
}
