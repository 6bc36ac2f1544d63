package dev.opened.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.opened.common.Toolchain;

/** Compiles the verifier's own test programs (test resources {@code bpf/*.c}) with real clang. */
final class TestObjects {
    private TestObjects() {
    }

    static Path compile(String name, Path dir) throws IOException {
        Path src = dir.resolve(name + ".c");
        try (InputStream in = TestObjects.class.getResourceAsStream("/bpf/" + name + ".c")) {
            Files.write(src, in.readAllBytes());
        }
        Path obj = dir.resolve(name + ".o");
        Processes.Result r = Processes.run(dir, List.of("clang", "-O2", "-g", "-target", "bpf", "-idirafter",
                Toolchain.host().archIncludeDir(), "-c", src.toString(), "-o", obj.toString()), 120);
        if (r.exit() != 0) {
            throw new IllegalStateException("clang failed on " + name + ":\n" + r.output());
        }
        return obj;
    }

    static Path projectRoot() {
        String p = System.getProperty("opened.root");
        return p == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(p);
    }
}
