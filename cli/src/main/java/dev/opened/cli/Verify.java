package dev.opened.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import dev.opened.common.CacheRoot;
import dev.opened.common.OpenedException;
import dev.opened.verifier.Baseline;
import dev.opened.verifier.Batch;
import dev.opened.verifier.KernelTarget;
import dev.opened.verifier.ProgramVerdict;
import dev.opened.verifier.Verifier;
import dev.opened.verifier.VerifyReport;

/**
 * {@code opened verify TARGET... [--kernel K]... [--baseline OLD.json]}: loads programs into real
 * kernel verifiers, a row for every target whatever happens to it; and
 * {@code opened verify compare OLD.json NEW.json}: two saved runs side by side.
 */
final class Verify extends TextBuiltin {
    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String description() {
        return "load every program of unit dirs or .o files into a real kernel (debian under QEMU, host, a bzImage); "
                + "'verify compare OLD.json NEW.json' compares two runs";
    }

    @Override
    protected String synopsis() {
        return "TARGET... [--kernel debian|host|BZIMAGE]... [--boot-timeout S] [--baseline OLD.json] [--save FILE]... "
                + "[--max-insns-increase N|N%] [--format text|json|csv]\n       opened verify compare OLD.json NEW.json [--max-...]";
    }

    @Override
    protected List<String> formats() {
        return List.of("text", "json", "csv");
    }

    @Override
    protected void options(Options o) {
        o.addOption(Option.builder().longOpt("kernel").hasArg().argName("K")
                .desc("debian (default, under QEMU), host (the running kernel), or a bzImage; several give a column each").build());
        o.addOption(Option.builder().longOpt("boot-timeout").hasArg().argName("S")
                .desc("seconds a kernel may take to come up (default 180)").build());
        o.addOption(Option.builder().longOpt("baseline").hasArg().argName("OLD.json")
                .desc("compare with a run saved by --format json or --save; a regression fails the run").build());
        o.addOption(Option.builder().longOpt("save").hasArg().argName("FILE")
                .desc("also write the rows to FILE: .json (a baseline), .csv, else text; repeatable").build());
        o.addOption(Option.builder().longOpt("max-insns-increase").hasArg().argName("N|N%")
                .desc("fail when a program's instructions processed grow by more (with a baseline)").build());
        o.addOption(Option.builder().longOpt("max-states-increase").hasArg().argName("N|N%")
                .desc("fail when a program's states grow by more (with a baseline)").build());
        o.addOption(Option.builder().longOpt("max-peak-states-increase").hasArg().argName("N|N%")
                .desc("fail when a program's peak states grow by more (with a baseline)").build());
    }

    @Override
    protected int run(CommandLine cl) {
        List<String> args = cl.getArgList();
        Baseline.Thresholds limits = thresholds(cl);
        if (!args.isEmpty() && args.get(0).equals("compare")) {
            if (args.size() != 3 || cl.hasOption("baseline") || cl.hasOption("kernel") || cl.hasOption("save")) {
                throw usage("compare takes OLD.json NEW.json and the --max-... limits");
            }
            Baseline.Comparison c = Baseline.compare(Baseline.read(env.cwd().resolve(args.get(1))),
                    Baseline.read(env.cwd().resolve(args.get(2))), limits);
            printComparison(c, out);
            return c.passed() ? 0 : EXIT_FAILED;
        }
        if (args.isEmpty()) {
            throw usage("give at least one unit DIR or .o file");
        }
        if (!cl.hasOption("baseline") && limits != Baseline.Thresholds.NONE) {
            throw usage("the --max-... limits need --baseline OLD.json (or 'opened verify compare')");
        }
        long boot = bootTimeout(cl);
        // a bad baseline is bad input: refused before anything is built or booted
        List<ProgramVerdict> old = cl.hasOption("baseline") ? Baseline.read(env.cwd().resolve(cl.getOptionValue("baseline")))
                : null;
        Verifier verifier = new Verifier(CacheRoot.get(), Path.of(System.getProperty("opened.root", ".")), boot, 120)
                .searching(env.vars().get("PATH"));
        List<KernelTarget> kernels = (cl.hasOption("kernel") ? List.of(cl.getOptionValues("kernel")) : List.of("debian"))
                .stream().map(verifier::kernel).toList();
        List<Batch.Target> targets = args.stream().map(t -> new Batch.Target(t, env.cwd().resolve(t))).toList();
        VerifyReport report = new Batch(verifier).run(targets, kernels, new Progress());
        if (env.terminal()) {
            progress.print("\r\033[K");
        }
        if (cl.hasOption("save")) {
            for (String file : cl.getOptionValues("save")) {
                save(report, env.cwd().resolve(file));
            }
        }
        if (old == null) {
            print(report, out);
            return report.allAccepted() ? 0 : EXIT_FAILED;
        }
        Baseline.Comparison c = Baseline.compare(old, report.verdicts(), limits);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("kernels", report.kernels());
            doc.put("verdicts", report.verdicts());
            doc.put("comparison", c);
            printJson(doc);
        } else if (format.equals("csv")) {
            VerdictTable.compareCsv(c, out);
        } else {
            VerdictTable.text(report, out);
            out.println();
            VerdictTable.compareText(c, out);
        }
        return report.allAccepted() && c.passed() ? 0 : EXIT_FAILED;
    }

    private void print(VerifyReport report, PrintStream to) {
        switch (format) {
            case "json" -> to.println(gson().toJson(report.verdicts()));
            case "csv" -> VerdictTable.csv(report.verdicts(), to);
            default -> VerdictTable.text(report, to);
        }
    }

    private void printComparison(Baseline.Comparison c, PrintStream to) {
        switch (format) {
            case "json" -> to.println(gson().toJson(c));
            case "csv" -> VerdictTable.compareCsv(c, to);
            default -> VerdictTable.compareText(c, to);
        }
    }

    /** Writes the rows in the format the file's name asks for, through a temporary file beside it. */
    private void save(VerifyReport report, Path file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            String name = file.getFileName().toString();
            if (name.endsWith(".json")) {
                ps.println(gson().toJson(report.verdicts()));
            } else if (name.endsWith(".csv")) {
                VerdictTable.csv(report.verdicts(), ps);
            } else {
                VerdictTable.text(report, ps);
            }
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".opened-verify-", ".tmp");
            Files.write(tmp, bytes.toByteArray());
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new Die(EXIT_FAILED, "opened verify: cannot save " + file + ": " + e.getMessage());
        }
    }

    private Baseline.Thresholds thresholds(CommandLine cl) {
        Baseline.Limit insns = limit(cl, "max-insns-increase");
        Baseline.Limit states = limit(cl, "max-states-increase");
        Baseline.Limit peak = limit(cl, "max-peak-states-increase");
        return insns == null && states == null && peak == null ? Baseline.Thresholds.NONE
                : new Baseline.Thresholds(insns, states, peak);
    }

    private Baseline.Limit limit(CommandLine cl, String option) {
        if (!cl.hasOption(option)) {
            return null;
        }
        try {
            return Baseline.Limit.parse(cl.getOptionValue(option));
        } catch (OpenedException e) {
            throw usage("--" + option + ": " + e.getMessage());
        }
    }

    /** Progress on a terminal: the target being built, the boot, the object being loaded; nothing otherwise. */
    private final class Progress implements Batch.Listener {
        private String lastObject;
        private int objects;
        private int done;
        private String kernel;

        @Override
        public void checking(Batch.Target target, int index, int count) {
            status("[" + index + "/" + count + "] " + (Files.isDirectory(target.path()) ? "building " : "checking ") + target.name());
        }

        @Override
        public void diagnostics(String clangOutput) {
            if (!clangOutput.isEmpty()) {
                status("");
                err.print(clangOutput);
            }
        }

        @Override
        public void booting(KernelTarget k, int count) {
            objects = count;
            done = 0;
            lastObject = null;
            kernel = k.isHost() ? "the running kernel" : k.name();
            status("booting " + kernel + (k.isHost() ? "" : " under QEMU") + " for " + count + " objects...");
        }

        @Override
        public void verdict(ProgramVerdict v) {
            String object = v.target() + "\u0000" + v.object();
            if (!object.equals(lastObject)) {
                lastObject = object;
                done++;
            }
            status("[" + kernel + "] object " + Math.min(done, objects) + "/" + objects + " " + v.target() + ": "
                    + (v.program().equals("-") ? v.object() : v.program()) + " " + v.verdict().label());
        }

        private void status(String line) {
            if (env.terminal()) {
                // the one intended escape; the line holds targets and program names, escaped
                progress.print("\r\033[K" + dev.opened.callgraph.Printable.of(line));
                progress.flush();
            }
        }
    }
}
