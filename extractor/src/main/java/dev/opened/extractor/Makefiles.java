package dev.opened.extractor;

import java.util.ArrayList;
import java.util.List;

/**
 * The clang command line every OPENED build uses, so that {@code opened build} and the tests
 * compile alike (a unit's Makefile comes from the transformer's {@code Makefile.ftl}).
 */
public final class Makefiles {
    private Makefiles() {
    }

    /** System include dir clang's BPF target does not search by itself ({@code asm/types.h} lives there). */
    public static String archIncludeDir() {
        String arch = System.getProperty("os.arch", "amd64");
        String multiarch = switch (arch) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            default -> arch + "-linux-gnu";
        };
        return "/usr/include/" + multiarch;
    }

    /** {@code clang ... -c UNIT -o OBJECT} for a unit's manifest, run in the unit directory. */
    public static List<String> clangCommand(Manifest m) {
        List<String> cmd = new ArrayList<>(List.of("clang", "-O2", "-g", "-target", "bpf",
                "-Werror=implicit-function-declaration", "-idirafter", archIncludeDir()));
        cmd.addAll(m.cflags());
        m.defines().forEach(d -> cmd.add("-D" + d));
        cmd.addAll(List.of("-c", m.unit(), "-o", m.object()));
        return cmd;
    }
}
