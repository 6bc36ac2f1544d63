package dev.opened.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;
import dev.opened.extractor.Unit;
import dev.opened.extractor.UnitWriter;

/** {@code opened extract FUNC@REPO[:PATH] | --at FILE:LINE}: one function into a standalone unit. */
final class Extract extends TextBuiltin {
    @Override
    public String name() {
        return "extract";
    }

    @Override
    public String description() {
        return "extract a function with everything it needs into a standalone unit (FUNC.c, Makefile, opened.json)";
    }

    @Override
    protected String synopsis() {
        return "(FUNC@REPO[:PATH] | --at FILE:LINE) [--profile NAME] [-o DIR] [-D NAME[=VALUE]]... [--force]";
    }

    @Override
    protected void options(Options o) {
        atOption(o);
        profileOption(o);
        o.addOption(Option.builder("o").hasArg().argName("DIR").desc("output directory (default ./FUNC)").build());
        o.addOption(Option.builder("D").hasArg().argName("NAME[=VALUE]").desc("#define in the unit").build());
        o.addOption(Option.builder().longOpt("force").desc("write into a non-empty DIR").build());
    }

    @Override
    protected int run(CommandLine cl) {
        expectOneFunction(cl);
        // FreeMarker's start runs on another core while the graph is read
        java.util.concurrent.Future<dev.opened.transformer.Templates> templates = KernelHelpers.templatesMeanwhile();
        try (CallGraph graph = openGraph()) {
            Definition f = function(cl, graph);
            List<String> defines = cl.hasOption("D") ? Arrays.asList(cl.getOptionValues("D")) : List.of();
            Path dir = cl.hasOption("o") ? env.cwd().resolve(cl.getOptionValue("o")) : env.cwd().resolve(f.name());
            Unit extracted = UnitSource.extract(graph, f, defines, env.cwd(), at).unit();
            Unit unit = extracted.with("Makefile", KernelHelpers.started(templates).extractedMakefile(extracted.manifest()));
            Path written = UnitWriter.write(unit.files(), dir, cl.hasOption("force"));
            if (json) {
                printJson(Map.of("dir", written.toString(), "manifest", unit.manifest()));
            } else {
                out.println(written + "/" + unit.manifest().unit() + ": " + f.qualifiedName() + " with "
                        + (unit.manifest().definitions().size() - 1) + " definitions it needs");
                unit.manifest().notes().forEach(n -> err.println("note: " + n));
            }
            return 0;
        }
    }
}
