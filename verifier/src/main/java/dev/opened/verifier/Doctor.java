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
     */
    public record Check(String what, boolean ok, String detail) {
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
        boolean kvm = Files.isReadable(Path.of("/dev/kvm")) && Files.isWritable(Path.of("/dev/kvm"));
        Path broken = cache.resolve("kvm-does-not-work");
        checks.add(new Check("KVM", true, !kvm ? "not usable here: guests run under TCG (slower, fine)"
                : Files.exists(broken) ? "/dev/kvm is there but ran no guest (remembered in " + broken + "): guests run under TCG"
                : "usable: guests run accelerated"));
        return checks;
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
