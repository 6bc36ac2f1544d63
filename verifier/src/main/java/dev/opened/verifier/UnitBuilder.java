package dev.opened.verifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.opened.common.OpenedException;
import dev.opened.common.Toolchain;

/**
 * {@code opened build}: compiles a unit directory's C files with clang for BPF, each to
 * {@code NAME.bpf.o}, with the unit's flags from its {@code opened.json} when it has one.
 * clang's diagnostics are kept as it printed them ({@code file:line:col:}).
 */
public final class UnitBuilder {
    /**
     * What a build did.
     *
     * @param objects the objects built, in order
     * @param ok true when every file compiled
     * @param diagnostics clang's output, as printed
     */
    public record Result(List<Path> objects, boolean ok, String diagnostics) {
        /** Copies the list. */
        public Result {
            objects = List.copyOf(objects);
        }
    }

    private UnitBuilder() {
    }

    /** Builds every {@code .c} of {@code dir} (the manifest's unit only, when there is one). */
    public static Result build(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw OpenedException.badInput(dir + ": not a directory; give a unit directory (opened extract makes one)");
        }
        if (Processes.which("clang") == null) {
            throw OpenedException.badInput("clang is missing; apt-get install clang llvm");
        }
        // the unit's own directory first, as its Makefile's -I. does
        List<String> flags = new ArrayList<>(List.of("-I" + dir.toAbsolutePath().normalize()));
        List<String> sources = new ArrayList<>();
        Path manifest = dir.resolve("opened.json");
        if (Files.isRegularFile(manifest)) {
            try {
                JsonObject m = JsonParser.parseString(Files.readString(manifest)).getAsJsonObject();
                if (m.has("unit") && !m.get("unit").isJsonNull()) {
                    sources.add(m.get("unit").getAsString());
                }
                flags.addAll(strings(m.getAsJsonArray("cflags")));
                for (String d : strings(m.getAsJsonArray("defines"))) {
                    flags.add("-D" + d);
                }
            } catch (IOException | RuntimeException e) {
                throw OpenedException.badInput(manifest + ": not a readable OPENED manifest (" + e.getMessage()
                        + "); fix it or remove it to build every .c");
            }
        }
        if (sources.isEmpty()) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".c")).map(p -> p.getFileName().toString()).sorted().forEach(sources::add);
            } catch (IOException e) {
                throw OpenedException.badInput(dir + ": " + e.getMessage());
            }
        }
        if (sources.isEmpty()) {
            throw OpenedException.badInput(dir + ": no .c file to build; give a unit directory holding eBPF C sources");
        }
        List<Path> objects = new ArrayList<>();
        StringBuilder diagnostics = new StringBuilder();
        boolean ok = true;
        for (String src : sources) {
            String base = src.endsWith(".bpf.c") ? src.substring(0, src.length() - 6) : src.substring(0, src.length() - 2);
            Path obj = dir.resolve(base + ".bpf.o");
            Path tmp = dir.resolve("." + base + ".bpf.o.tmp");
            List<String> cmd = new ArrayList<>(Toolchain.host().clangCommand());
            cmd.addAll(flags);
            // an absolute source path makes clang's file:line:col: clickable from any directory
            cmd.addAll(List.of("-c", dir.resolve(src).toAbsolutePath().normalize().toString(), "-o", tmp.getFileName().toString()));
            Processes.Result r = Processes.run(dir, cmd, 300);
            diagnostics.append(r.output());
            try {
                if (r.exit() == 0) {
                    Files.move(tmp, obj, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    objects.add(obj);
                } else {
                    ok = false;
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException e) {
                throw OpenedException.failure(obj + ": " + e.getMessage());
            }
        }
        return new Result(objects, ok, diagnostics.toString());
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        if (a != null) {
            for (JsonElement e : a) {
                out.add(e.getAsString());
            }
        }
        return out;
    }
}
