package dev.opened.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import dev.opened.callgraph.CallGraph;
import dev.opened.common.ActionMap;
import dev.opened.common.OpenedException;
import dev.opened.extractor.Unit;
import dev.opened.extractor.UnitWriter;
import dev.opened.transformer.ActionCodes;
import dev.opened.transformer.Diagnostic;
import dev.opened.transformer.Hook;
import dev.opened.transformer.Retargeter;
import dev.opened.transformer.Templates;
import dev.opened.transformer.UnitDirs;
import dev.opened.verifier.Packet;
import dev.opened.verifier.Packets;
import dev.opened.verifier.Verifier;

/** {@code opened retarget (UNIT_DIR | FUNC@REPO) --hook HOOK}: a unit rewritten for another hookpoint. */
final class Retarget extends TextBuiltin {
    @Override
    public String name() {
        return "retarget";
    }

    @Override
    public String description() {
        return "rewrite a unit (or FUNC@REPO) for another hookpoint: section, context, fields, return codes, helpers, Makefile";
    }

    @Override
    protected String synopsis() {
        return "(UNIT_DIR | FUNC@REPO[:PATH] | --at FILE:LINE) [--profile NAME] --hook HOOK [-o DIR] [--force] [--templates DIR] [--rules DIR] [--kernel K]"
                + " [--check [--packets FILE.pcap|builtin]]";
    }

    @Override
    protected void options(Options o) {
        atOption(o);
        profileOption(o);
        o.addOption(Option.builder().longOpt("hook").hasArg().argName("HOOK")
                .desc(String.join(", ", dev.opened.callgraph.HookFamily.all().stream()
                        .map(dev.opened.callgraph.HookFamily::spelling).toList())).build());
        o.addOption(Option.builder("o").hasArg().argName("DIR").desc("output directory (default SOURCE-HOOK)").build());
        o.addOption(Option.builder().longOpt("force").desc("write even with errors (as #error lines), and over a non-empty DIR").build());
        o.addOption(Option.builder().longOpt("templates").hasArg().argName("DIR").desc("your templates, before the project's").build());
        o.addOption(Option.builder().longOpt("rules").hasArg().argName("DIR")
                .desc("your rule tables (FROM-TO.json), before the project's").build());
        o.addOption(Option.builder().longOpt("check").desc("run the original and the retarget on the same packets in the "
                + "test kernel and compare return codes (through the hooks' mapping), output frames and maps").build());
        o.addOption(Option.builder().longOpt("packets").hasArg().argName("FILE|builtin")
                .desc("the packets --check runs: a pcap file, or builtin (default)").build());
        o.addOption(Option.builder().longOpt("kernel").hasArg().argName("K")
                .desc("the kernel whose helper table decides what is allowed (default debian)").build());
    }

    /** Runs the original and the retarget on the same packets; true when every program is equivalent. */
    private boolean check(CommandLine cl, Unit unit, Path originalDir, Path retargeted, Hook hook) {
        String from = ActionCodes.family(unit.manifest().section(), unit.manifest().programType());
        if (from == null) {
            out.println("check: " + unit.manifest().function() + " is a helper function: it has no program of its own to "
                    + "compare the retarget with");
            return true;
        }
        // what a code means is the hooks' fact, not the rule table's: a table of your own is checked against it
        ActionMap pair = ActionCodes.between(from, hook.family(), null);
        if (pair == null) {
            out.println("check: no mapping of return codes from " + from + " to " + hook.family() + "; nothing compared");
            return true;
        }
        List<Packet> packets = Packets.of(cl.getOptionValue("packets", "builtin"), env.cwd());
        Path original = originalDir;
        Path scratch = null;
        try {
            if (original == null) {
                scratch = Files.createTempDirectory("opened-check-");
                original = UnitWriter.write(unit.files(), scratch.resolve("original"), true);
            }
            Verifier verifier = KernelHelpers.verifier().searching(env.vars().get("PATH"));
            List<RetargetCheck.Outcome> outcomes = RetargetCheck.check(verifier, verifier.kernel(cl.getOptionValue("kernel",
                    "debian")), original, retargeted, pair, packets);
            RetargetCheck.print(outcomes, out, 20);
            return outcomes.stream().allMatch(RetargetCheck.Outcome::equivalent);
        } catch (java.io.IOException e) {
            throw OpenedException.failure("cannot write the original unit for --check: " + e.getMessage());
        } finally {
            if (scratch != null) {
                UnitDirs.discard(scratch.resolve("original"));
            }
        }
    }

    @Override
    protected int run(CommandLine cl) {
        if (!cl.hasOption("hook")) {
            throw usage("give --hook HOOK");
        }
        if (cl.getArgList().size() != (cl.hasOption("at") ? 0 : 1)) {
            throw usage("give one UNIT_DIR or FUNC@REPO, or --at FILE:LINE");
        }
        String source = cl.hasOption("at") ? "" : cl.getArgList().get(0);
        Path asDir = env.cwd().resolve(source);
        boolean fromDir = !cl.hasOption("at") && Files.isDirectory(asDir);
        boolean force = cl.hasOption("force");
        UnitSource src;
        if (fromDir) {
            if (cl.hasOption("profile")) {
                throw usage("--profile picks a crawled repo's profile; a UNIT_DIR was extracted under its own");
            }
            src = UnitSource.read(asDir);
        } else {
            try (CallGraph graph = openGraph()) {
                src = UnitSource.extract(graph, function(cl, graph), List.of(), env.cwd(), at);
            }
        }
        Unit unit = src.unit();
        Hook hook = Hook.parse(cl.getOptionValue("hook"), unit.manifest().section());
        Path outDir = cl.hasOption("o") ? env.cwd().resolve(cl.getOptionValue("o")) : Path.of(src.base() + "-" + hook.label());
        Templates templates = KernelHelpers.templates(cl.hasOption("templates")
                ? env.cwd().resolve(cl.getOptionValue("templates")) : null);
        Path rules = cl.hasOption("rules") ? env.cwd().resolve(cl.getOptionValue("rules")) : null;
        // the kernel is probed only if the unit calls a helper
        Retargeter retargeter = new Retargeter(KernelHelpers.of(cl.getOptionValue("kernel", "debian")), templates).rules(rules);
        Retargeter.Result r = retargeter.retarget(unit, hook, force);
        // errors name the file the user has: the unit given, or the repo file the function came from
        for (Diagnostic d : r.errors()) {
            err.println(src.toUser(d));
        }
        for (Diagnostic d : r.warnings()) {
            err.println(src.toUser(d).asWarning());
        }
        if (!r.errors().isEmpty() && !force) {
            err.println("opened retarget: " + r.errors().size() + " error(s); nothing written (--force writes them as #error lines)");
            return EXIT_FAILED;
        }
        Path written = UnitWriter.write(r.unit().files(), outDir, force);
        if (json) {
            printJson(Map.of("dir", written.toString(), "errors", r.errors(), "manifest", r.unit().manifest()));
        } else {
            out.println(written + "/" + unit.manifest().unit() + ": " + unit.manifest().function() + " for " + hook.section()
                    + " (" + hook.programType() + "), " + r.rules().size() + " rewrites");
        }
        if (cl.hasOption("check")) {
            boolean same = check(cl, unit, src.dir(), written, hook);
            return r.errors().isEmpty() && same ? 0 : EXIT_FAILED;
        }
        return r.errors().isEmpty() ? 0 : EXIT_FAILED;
    }
}
