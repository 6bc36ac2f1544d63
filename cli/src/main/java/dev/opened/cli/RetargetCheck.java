package dev.opened.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.opened.common.ActionMap;
import dev.opened.verifier.Batch;
import dev.opened.verifier.Equivalence;
import dev.opened.verifier.KernelTarget;
import dev.opened.verifier.Packet;
import dev.opened.verifier.ProgramRun;
import dev.opened.verifier.Verdict;
import dev.opened.verifier.Verifier;

/**
 * {@code retarget --check}: the original unit and its retarget run on the same packets in one
 * boot, each packet from the maps as loaded, and compared program by program through the hook
 * pair's return-code mapping. Joins the transformer (the mapping) and the verifier (the runs),
 * which know nothing of each other.
 */
final class RetargetCheck {
    /**
     * One program's comparison.
     *
     * @param program the program's name
     * @param report the packets that differ, or null when the pair could not be compared
     * @param problem why it could not be compared (a retarget that would not load, say), or null
     */
    record Outcome(String program, Equivalence.Report report, String problem) {
        boolean equivalent() {
            return problem == null && report.equivalent();
        }
    }

    private RetargetCheck() {
    }

    /** Runs both units on {@code packets} in one boot of {@code kernel}; one outcome per program of the original. */
    static List<Outcome> check(Verifier verifier, KernelTarget kernel, Path original, Path retargeted, ActionMap actions,
            List<Packet> packets) {
        List<ProgramRun> runs = new Batch(verifier).test(List.of(new Batch.Target("original", original),
                new Batch.Target("retargeted", retargeted)), packets, kernel, new Batch.Listener() { });
        return compare(runs.stream().filter(r -> r.target().equals("original")).toList(),
                runs.stream().filter(r -> r.target().equals("retargeted")).toList(), actions, packets);
    }

    /** Compares the runs of an original unit's programs ({@code before}) with its retarget's ({@code after}). */
    static List<Outcome> compare(List<ProgramRun> before, List<ProgramRun> after, ActionMap actions, List<Packet> packets) {
        List<Outcome> out = new ArrayList<>();
        if (before.stream().noneMatch(r -> r.verdict() == Verdict.ACCEPTED)) {
            // a helper function retargeted gets an entry program it did not have: nothing ran it before
            String why = before.isEmpty() ? "the original has no program" : before.get(0).verdict().label() + ": "
                    + (before.get(0).message() == null ? "" : before.get(0).message());
            out.add(new Outcome("-", null, "nothing to compare with: " + why));
            return out;
        }
        for (ProgramRun a : before) {
            if (a.verdict() != Verdict.ACCEPTED) {
                continue;
            }
            ProgramRun b = after.stream().filter(r -> r.program().equals(a.program())).findFirst().orElse(null);
            if (b == null) {
                // an object that did not build has one row and no programs: say that, not "no program"
                ProgramRun failed = after.stream().filter(r -> r.verdict() != Verdict.ACCEPTED).findFirst().orElse(null);
                out.add(new Outcome(a.program(), null, failed == null ? "the retarget has no program " + a.program()
                        : "the retarget did not run: " + failed.verdict().label() + (failed.message() == null ? ""
                                : ": " + failed.message())));
            } else if (b.verdict() != Verdict.ACCEPTED) {
                out.add(new Outcome(a.program(), null, "the retarget did not run: " + b.verdict().label()
                        + (b.message() == null ? "" : ": " + b.message())));
            } else if (!a.results().isEmpty() && a.results().stream().allMatch(p -> p.errno() != 0)) {
                // xdp/cpumap and xdp/devmap programs, say: the kernel's test run refuses them whatever the frame
                out.add(new Outcome(a.program(), null, "nothing compared: the kernel's test run refused every packet for the "
                        + "original (" + a.section() + ", errno " + a.results().get(0).errno() + ")"));
            } else {
                out.add(new Outcome(a.program(), Equivalence.compare(a, b, packets, actions), null));
            }
        }
        return out;
    }

    /** Prints each program's verdict and its differing packets, at most {@code limit} per program. */
    static void print(List<Outcome> outcomes, PrintStream out, int limit) {
        for (Outcome o : outcomes) {
            if (o.problem() != null) {
                out.println("check " + o.program() + ": " + o.problem());
                continue;
            }
            Equivalence.Report r = o.report();
            long inherent = r.differences().stream().filter(Equivalence.Difference::inherent).count();
            out.println("check " + o.program() + ": " + (r.equivalent() ? "equivalent" : "DIFFERS") + " on " + r.packets()
                    + " packets" + (r.equivalent() ? "" : ", " + r.differing() + " differ")
                    + (inherent > 0 ? ", " + inherent + " differ inherently" : ""));
            int shown = 0;
            for (Equivalence.Difference d : r.differences()) {
                if (shown++ >= limit) {
                    out.println("  ... " + (r.differences().size() - limit) + " more");
                    break;
                }
                out.println("  packet #" + d.packet() + " " + d.name() + (d.inherent() ? " (inherent)" : "") + ":");
                d.what().forEach(w -> out.println("    " + w));
            }
        }
    }
}
