package dev.opened.verifier;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running tools with a bound on time; the process and its children are gone afterwards. */
final class Processes {
    record Result(int exit, String output) {
    }

    private Processes() {
    }

    static Result run(Path dir, List<String> cmd, long timeoutSeconds) {
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            p = pb.start();
        } catch (IOException e) {
            return new Result(127, cmd.get(0) + ": " + e.getMessage());
        }
        // read on another thread: a tool that hangs with its output open must still time out
        java.util.concurrent.CompletableFuture<byte[]> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        }, r -> {
            Thread t = new Thread(r, "opened-output-of-" + Path.of(cmd.get(0)).getFileName());
            t.setDaemon(true);
            t.start();
        });
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                kill(p);
                return new Result(124, text(out) + "\n" + cmd.get(0) + ": timed out after " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), text(out));
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        }
    }

    /** What the process printed; a child that keeps the pipe open after it ended gets a few seconds. */
    private static String text(java.util.concurrent.CompletableFuture<byte[]> out) throws InterruptedException {
        try {
            return new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "";
        }
    }

    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The path of {@code tool} on PATH (also /usr/sbin, /sbin), or null. */
    static Path which(String tool) {
        return which(tool, System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    /** The path of {@code tool} on {@code searchPath} (also /usr/sbin, /sbin), or null. */
    static Path which(String tool, String searchPath) {
        String path = searchPath + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
