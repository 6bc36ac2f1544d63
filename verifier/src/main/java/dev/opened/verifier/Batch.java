package dev.opened.verifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.opened.common.OpenedException;

/**
 * A CI run of the verifier, veristat-like: every target gets its rows whatever happens to it, and
 * one bad target (a unit that does not compile, a file that is not a BPF object) costs the others
 * nothing. Units are built and objects checked on the host first; what can load is loaded in one
 * boot per kernel.
 */
public final class Batch {
    /**
     * One target as the user gave it.
     *
     * @param name as typed (rows are named by it)
     * @param path where it is: a unit directory or an object file
     */
    public record Target(String name, Path path) {
    }

    /** Told of the run's steps, for progress on a terminal. Every method does nothing by default. */
    public interface Listener {
        /** Building or checking the {@code index}-th target (from 1) of {@code count}. */
        default void checking(Target target, int index, int count) {
        }

        /** What clang printed while building a unit, as it printed it. */
        default void diagnostics(String clangOutput) {
        }

        /** A kernel is about to come up for {@code objects} objects. */
        default void booting(KernelTarget kernel, int objects) {
        }

        /** A verdict, as the kernel gives it. */
        default void verdict(ProgramVerdict verdict) {
        }
    }

    /** A target's objects that can load, or its row when it got no further than the host. */
    private record Checked(Target target, List<Path> objects, List<ProgramVerdict> hostRows) {
    }

    private final Verifier verifier;

    /** A batch that loads with {@code verifier}. */
    public Batch(Verifier verifier) {
        this.verifier = verifier;
    }

    /**
     * Builds and checks every target, then loads what can load into each kernel. Throws only when
     * the run itself cannot go on (clang or QEMU missing); a kernel that does not come up, or a guest
     * that dies or goes silent, gives {@link Verdict#BOOT_FAILED} rows for that kernel.
     */
    public VerifyReport run(List<Target> targets, List<KernelTarget> kernels, Listener listener) {
        HostSide host = hostSide(targets, listener);
        List<Checked> checked = host.checked();
        List<Path> objects = host.objects();
        List<String> names = host.names();
        List<String> labels = new ArrayList<>();
        List<ProgramVerdict> rows = new ArrayList<>();
        for (KernelTarget kernel : kernels) {
            List<ProgramVerdict> loaded = List.of();
            if (!objects.isEmpty()) {
                listener.booting(kernel, objects.size());
                try {
                    loaded = verifier.verify(objects, names, kernel, listener::verdict);
                } catch (OpenedException e) {
                    if (e.badInput()) {
                        throw e;
                    }
                    // a kernel that does not come up costs its own rows, not the report: every object
                    // it should have loaded gets a row saying why there is no verdict
                    List<ProgramVerdict> failed = new ArrayList<>();
                    for (int i = 0; i < objects.size(); i++) {
                        failed.add(ProgramVerdict.hostSide(names.get(i), kernel.name(), objects.get(i).getFileName().toString(),
                                Verdict.BOOT_FAILED, e.getMessage(), List.of()));
                    }
                    loaded = failed;
                }
            }
            // host-side rows carry the kernel's name as its loaded rows do, so a row's key is the same on every kernel
            String label = loaded.isEmpty() ? kernel.name() : loaded.get(0).kernel();
            labels.add(label);
            for (Checked c : checked) {
                c.hostRows().forEach(r -> rows.add(r.on(label)));
                loaded.stream().filter(v -> v.target().equals(c.target().name())).forEach(rows::add);
            }
        }
        return new VerifyReport(labels, rows);
    }

    /**
     * {@code opened test}'s run: builds and checks every target on the host as {@link #run} does,
     * then runs every program that can load on every packet in one boot of {@code kernel}. A
     * target that got no further than the host is a run with its verdict and no results.
     */
    public List<ProgramRun> test(List<Target> targets, List<Packet> packets, KernelTarget kernel, Listener listener) {
        HostSide host = hostSide(targets, listener);
        List<Checked> checked = host.checked();
        List<Path> objects = host.objects();
        List<String> names = host.names();
        List<ProgramRun> ran = List.of();
        if (!objects.isEmpty()) {
            listener.booting(kernel, objects.size());
            ran = verifier.test(objects, names, packets, kernel);
        }
        List<ProgramRun> rows = new ArrayList<>();
        for (Checked c : checked) {
            c.hostRows().forEach(r -> rows.add(new ProgramRun(r.target(), r.object(), r.program(), r.section(),
                    r.programType(), r.verdict(), r.message(), List.of())));
            ran.stream().filter(v -> v.target().equals(c.target().name())).forEach(rows::add);
        }
        return rows;
    }

    /** What the host found of every target, and the objects to load with the target each came from. */
    private record HostSide(List<Checked> checked, List<Path> objects, List<String> names) {
    }

    /** Builds and checks every target on the host, the first half of a verify run and of a test run. */
    private static HostSide hostSide(List<Target> targets, Listener listener) {
        List<Checked> checked = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            listener.checking(targets.get(i), i + 1, targets.size());
            checked.add(check(targets.get(i), listener));
        }
        List<Path> objects = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Checked c : checked) {
            objects.addAll(c.objects());
            c.objects().forEach(o -> names.add(c.target().name()));
        }
        return new HostSide(checked, objects, names);
    }

    private static Checked check(Target t, Listener listener) {
        List<ProgramVerdict> host = new ArrayList<>();
        List<Path> objects = new ArrayList<>();
        if (Files.isDirectory(t.path())) {
            UnitBuilder.Result r;
            try {
                r = UnitBuilder.build(t.path());
            } catch (OpenedException e) {
                if (Processes.which("clang") == null) {
                    throw e;
                }
                return new Checked(t, List.of(), List.of(ProgramVerdict.hostSide(t.name(), null, "-", Verdict.NOT_BUILT,
                        e.getMessage(), List.of())));
            }
            listener.diagnostics(r.diagnostics());
            if (!r.ok()) {
                List<String> lines = r.diagnostics().lines().toList();
                String first = lines.stream().filter(l -> l.contains(": error: ") || l.contains(": fatal error: ")).findFirst()
                        .orElse(lines.isEmpty() ? "clang failed" : lines.get(0));
                host.add(ProgramVerdict.hostSide(t.name(), null, "-", Verdict.NOT_BUILT, first,
                        lines.subList(0, Math.min(lines.size(), 60))));
            }
            for (Path o : r.objects()) {
                checkObject(t, o, objects, host);
            }
        } else {
            checkObject(t, t.path(), objects, host);
        }
        return new Checked(t, objects, host);
    }

    private static void checkObject(Target t, Path object, List<Path> objects, List<ProgramVerdict> host) {
        String name = object.getFileName() == null ? object.toString() : object.getFileName().toString();
        try {
            if (Elf.sections(object).isEmpty()) {
                host.add(ProgramVerdict.hostSide(t.name(), null, name, Verdict.NO_PROGRAMS,
                        object + ": a BPF object with no programs (no SEC(\"...\") function)", List.of()));
            } else {
                objects.add(object);
            }
        } catch (OpenedException e) {
            host.add(ProgramVerdict.hostSide(t.name(), null, name, Verdict.NOT_LOADABLE, e.getMessage(), List.of()));
        }
    }
}
