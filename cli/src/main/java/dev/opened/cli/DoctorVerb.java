package dev.opened.cli;

import java.util.List;

import org.apache.commons.cli.CommandLine;

import dev.opened.common.CacheRoot;
import dev.opened.verifier.Doctor;

/** {@code opened doctor}: checks the toolchain and says how to install what is missing. */
final class DoctorVerb extends TextBuiltin {
    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String description() {
        return "check the toolchain (clang, bpftool, qemu, busybox, the test kernel) and say how to install what is missing";
    }

    @Override
    protected String synopsis() {
        return "[--format json]";
    }

    @Override
    protected int run(CommandLine cl) {
        List<Doctor.Check> checks = Doctor.run(CacheRoot.get());
        if (json) {
            printJson(checks);
        } else {
            for (Doctor.Check c : checks) {
                out.printf("%-7s %-50s %s%n", !c.ok() ? "MISSING" : c.warning() ? "warning" : "ok", c.what(), c.detail());
            }
        }
        return checks.stream().allMatch(Doctor.Check::ok) ? 0 : EXIT_FAILED;
    }
}
