package dev.opened.extractor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Compiles a unit directory with real clang, as its Makefile does. */
final class ClangRunner {
    private ClangRunner() {
    }

    /** Compiles; returns null on success, else clang's output. */
    static String compile(Path dir, Manifest m, String... extraFlags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(Makefiles.clangCommand(m));
        cmd.addAll(cmd.size() - 4, List.of(extraFlags));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return "clang timed out";
        }
        return p.exitValue() == 0 ? null : String.join(" ", cmd) + "\n" + out;
    }
}
