package dev.opened.verifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code opened doctor}: is the toolchain here, and how to install what is not. */
public final class Doctor {
    /**
     * One check.
     *
     * @param what what was checked
     * @param ok whether it is there and works
     * @param detail what was found, or how to install it
     * @param warning works, but not as well as it could here (KVM that runs no guest)
     */
    public record Check(String what, boolean ok, String detail, boolean warning) {
        /** A check that either passes or fails. */
        public Check(String what, boolean ok, String detail) {
            this(what, ok, detail, false);
        }
    }

    private Doctor() {
    }

    /** Runs every check; nothing is installed or fetched. */
    public static List<Check> run(Path cache) {
        List<Check> checks = new ArrayList<>();
        Processes.Result clang = Processes.run(null, List.of("clang", "-print-targets"), 30);
        checks.add(clang.exit() == 0 && clang.output().contains("bpf")
                ? new Check("clang with the bpf target", true, firstLine(Processes.run(null, List.of("clang", "--version"), 30).output()))
                : new Check("clang with the bpf target", false, "apt-get install clang llvm"));
        checks.add(tool("bpftool", List.of("bpftool", "version"), "apt-get install bpftool"));
        checks.add(tool("qemu-system-x86_64", List.of("qemu-system-x86_64", "--version"), "apt-get install qemu-system-x86"));
        Check busybox = tool("busybox", List.of("busybox"), "apt-get install busybox-static");
        Path busyboxPath = Processes.which("busybox");
        checks.add(busybox.ok() && busyboxPath != null && !Elf.isStatic(busyboxPath)
                ? new Check("busybox", false, busyboxPath + " is dynamically linked; apt-get install busybox-static")
                : busybox);
        boolean libs = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libbpf.a")) && Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libelf.a"))
                && Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libz.a"));
        checks.add(new Check("static libbpf, libelf, zlib (for OPENED's loader)", libs,
                libs ? "/usr/lib/x86_64-linux-gnu" : "apt-get install libbpf-dev libelf-dev zlib1g-dev"));
        checks.add(tool("gcc", List.of("gcc", "--version"), "apt-get install gcc"));
        Path current = cache.resolve("kernels/debian/current");
        String image = null;
        try {
            image = Files.isRegularFile(current) ? Files.readString(current).trim() : null;
        } catch (java.io.IOException e) {
            image = null;
        }
        checks.add(image != null && Files.isRegularFile(Path.of(image))
                ? new Check("Debian test kernel", true, image)
                : new Check("Debian test kernel", false, "bin/fetch-kernel (apt-get download linux-image-amd64, dpkg -x into " + current.getParent() + ")"));
        checks.add(kvm(Verifier.kvmDevicePresent(), Verifier.kvmMarker(cache)));
        checks.add(i386Headers());
        return checks;
    }

    /**
     * KVM is a speed-up, not a need: a check that is "ok" whenever guests can run, saying whether
     * they run accelerated; where {@code /dev/kvm} is there but a guest never ran on it, it says so.
     */
    static Check kvm(boolean device, Path marker) {
        if (!device) {
            return new Check("KVM", true, "not usable here: guests run under TCG (slower, fine)");
        }
        if (Files.exists(marker)) {
            String why;
            try {
                why = Files.readString(marker).strip();
            } catch (java.io.IOException e) {
                why = "";
            }
            return new Check("KVM", true, "present but does not run guests here" + (why.isEmpty() ? "" : " (" + why + ")")
                    + ": guests run under TCG; remove " + marker + " to try KVM again", true);
        }
        return new Check("KVM", true, "usable: guests run accelerated");
    }

    /**
     * glibc's 32-bit stubs: clang's BPF target is not x86-64, so {@code <gnu/stubs.h>} asks for
     * {@code gnu/stubs-32.h}, which every unit reaching a libc header ({@code <linux/icmp.h>},
     * {@code <string.h>}) needs.
     */
    static Check i386Headers() {
        Path stubs = Path.of("/usr/include/x86_64-linux-gnu/gnu/stubs-32.h");
        boolean amd64 = Files.isDirectory(Path.of("/usr/include/x86_64-linux-gnu"));
        if (!amd64) {
            return new Check("glibc's 32-bit stubs (gnu/stubs-32.h)", true, "not an amd64 host: not needed");
        }
        return Files.isRegularFile(stubs) ? new Check("glibc's 32-bit stubs (gnu/stubs-32.h)", true, stubs.toString())
                : new Check("glibc's 32-bit stubs (gnu/stubs-32.h)", false, "apt-get install libc6-dev-i386");
    }

    private static Check tool(String name, List<String> cmd, String install) {
        Processes.Result r = Processes.run(null, cmd, 30);
        return r.exit() == 0 || (r.exit() != 127 && !r.output().contains("No such file"))
                ? new Check(name, true, firstLine(r.output()))
                : new Check(name, false, install);
    }

    private static String firstLine(String s) {
        return s.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
}
