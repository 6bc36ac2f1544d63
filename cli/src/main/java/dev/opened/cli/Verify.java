package dev.opened.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import dev.opened.verifier.KernelTarget;
import dev.opened.verifier.ProgramVerdict;
import dev.opened.verifier.UnitBuilder;
import dev.opened.verifier.Verdict;
import dev.opened.verifier.Verifier;
import dev.opened.verifier.VerifierException;

/** {@code opened verify TARGET... [--kernel K]...}: loads programs into a real kernel verifier. */
final class Verify extends TextBuiltin {
    private static final int SHOWN_LOG_LINES = 12;

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String description() {
        return "load every program of unit dirs or .o files into a real kernel (debian under QEMU, host, a bzImage)";
    }

    @Override
    protected String synopsis() {
        return "TARGET... [--kernel debian|host|BZIMAGE]... [--boot-timeout S] [--format json]";
    }

    @Override
    protected void options(Options o) {
        o.addOption(Option.builder().longOpt("kernel").hasArg().argName("K")
                .desc("debian (default, under QEMU), host (the running kernel), or a bzImage; several give a matrix").build());
        o.addOption(Option.builder().longOpt("boot-timeout").hasArg().argName("S")
                .desc("seconds a kernel may take to come up (default 180)").build());
    }

    @Override
    protected int run(CommandLine cl) {
        if (cl.getArgList().isEmpty()) {
            throw usage("give at least one unit DIR or .o file");
        }
        long boot;
        try {
            boot = Long.parseLong(cl.getOptionValue("boot-timeout", "180"));
        } catch (NumberFormatException e) {
            throw usage("--boot-timeout takes seconds, not '" + cl.getOptionValue("boot-timeout") + "'");
        }
        if (boot <= 0) {
            throw usage("--boot-timeout takes a positive number of seconds, not " + boot);
        }
        Verifier verifier = new Verifier(Verifier.defaultCache(), Path.of(System.getProperty("opened.root", ".")), boot, 120)
                .searching(env.vars().get("PATH"));
        try {
            List<Path> objects = new ArrayList<>();
            List<Path> notBuilt = new ArrayList<>();
            for (String t : cl.getArgList()) {
                Path p = env.cwd().resolve(t);
                if (Files.isDirectory(p)) {
                    UnitBuilder.Result r = UnitBuilder.build(p);
                    err.print(r.diagnostics());
                    if (!r.ok()) {
                        err.println("opened verify: " + p + " does not compile; the other targets go on");
                        notBuilt.add(p);
                    }
                    objects.addAll(r.objects());
                } else {
                    objects.add(p);
                }
            }
            if (objects.isEmpty() && !notBuilt.isEmpty()) {
                return EXIT_FAILED;
            }
            Verifier.checkObjects(objects);
            List<String> kernels = cl.hasOption("kernel") ? List.of(cl.getOptionValues("kernel")) : List.of("debian");
            List<KernelTarget> targets = kernels.stream().map(verifier::kernel).toList();
            List<ProgramVerdict> all = new ArrayList<>();
            for (KernelTarget k : targets) {
                if (env.terminal()) {
                    err.println("opened verify: loading " + objects.size() + " objects into " + (k.isHost() ? "the running kernel"
                            : k.name() + " under QEMU") + "...");
                }
                int[] loaded = {0};
                all.addAll(verifier.verify(objects, k, v -> {
                    if (env.terminal()) {
                        progress.print("\r" + ++loaded[0] + " programs loaded");
                    }
                }));
                if (env.terminal() && loaded[0] > 0) {
                    err.println();
                }
            }
            if (json) {
                printJson(all);
            } else {
                print(all);
            }
            if (!json) {
                notBuilt.forEach(p -> out.println("not-built   " + p));
            }
            return !notBuilt.isEmpty() || all.stream().anyMatch(v -> v.verdict() != Verdict.ACCEPTED) ? EXIT_FAILED : 0;
        } catch (VerifierException e) {
            throw new Die(e.badInput() ? EXIT_USAGE : EXIT_FAILED, "opened verify: " + e.getMessage());
        }
    }

    private void print(List<ProgramVerdict> verdicts) {
        for (ProgramVerdict v : verdicts) {
            out.printf("%-11s %-28s %-24s %-10s %-26s %s%n", v.verdict().label(), v.object(), v.program(), v.programType(),
                    v.kernel(), v.insnsProcessed() == null ? "" : v.insnsProcessed() + " insns, " + v.totalStates() + " states");
            v.notes().forEach(n -> out.println("    note: " + n));
            if (v.verdict() != Verdict.ACCEPTED) {
                out.println("    " + v.message());
                if (v.failingInstruction() != null) {
                    out.println("    at " + v.failingInstruction());
                }
                List<String> tail = v.logTail();
                tail.subList(Math.max(0, tail.size() - SHOWN_LOG_LINES), tail.size()).forEach(l -> out.println("    | " + l));
            }
        }
        long accepted = verdicts.stream().filter(v -> v.verdict() == Verdict.ACCEPTED).count();
        out.println(accepted + " accepted, " + (verdicts.size() - accepted) + " not");
    }
}
