package dev.opened.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.opened.common.CacheRoot;
import dev.opened.common.FileTrees;
import dev.opened.common.OpenedException;
import dev.opened.transformer.HelperTable;
import dev.opened.verifier.KernelTarget;
import dev.opened.verifier.ProgramVerdict;
import dev.opened.verifier.UnitBuilder;
import dev.opened.verifier.Verdict;
import dev.opened.verifier.Verifier;

/**
 * The one place the library speaks to the verifier module: kernels by name, the helper table the
 * retargeter asks, unit builds, and one boot per kernel for many objects. Everything it returns
 * is the library's own records, so a change of the verifier's result types stays in this file.
 */
final class Kernels {
    /** One program's load as the library keeps it. */
    record Loaded(String object, String program, String verdict, Integer insns, String message, List<String> log) {
    }

    /** A unit build: ok, the objects, clang's output. */
    record Built(boolean ok, List<Path> objects, String diagnostics) {
    }

    private final Verifier verifier;

    Kernels(Path projectRoot, String searchPath) {
        this.verifier = new Verifier(CacheRoot.get(), projectRoot, 180, 180).searching(searchPath);
    }

    /** Checks a {@code --kernel} value: a missing bzImage is bad input. */
    String check(String spec) {
        return verifier.kernel(spec).name();
    }

    /** The kernel's helper table, as the transformer asks it (probed once per kernel, then cached). */
    HelperTable helpers(String spec) {
        try {
            return HelperTables.of(verifier, spec);
        } catch (OpenedException e) {
            throw new OpenedException(e.kind(), "cannot ask " + spec + " which helpers it allows: " + e.getMessage(), e);
        }
    }

    /** Builds a unit directory with clang. */
    static Built build(Path dir) {
        try {
            UnitBuilder.Result r = UnitBuilder.build(dir);
            return new Built(r.ok(), r.objects(), r.diagnostics());
        } catch (OpenedException e) {
            return new Built(false, List.of(), "error: " + e.getMessage());
        }
    }

    /**
     * Loads every object into {@code spec}'s kernel in one boot. The objects are staged under
     * unique names (verdicts name objects by file name, and many units share one); the answer is keyed
     * by the object paths given. A boot that fails is an exception: nothing is known then.
     */
    Map<Path, List<Loaded>> verify(String spec, List<Path> objects, java.util.function.BiConsumer<Integer, Integer> progress)
            throws IOException {
        Map<Path, List<Loaded>> out = new LinkedHashMap<>();
        if (objects.isEmpty()) {
            return out;
        }
        Path stage = Files.createTempDirectory("opened-library-verify-");
        try {
            Map<String, Path> byName = new LinkedHashMap<>();
            List<Path> staged = new ArrayList<>();
            for (Path o : objects) {
                String name = "o" + byName.size() + ".o";
                Path s = stage.resolve(name);
                Files.copy(o, s, StandardCopyOption.REPLACE_EXISTING);
                byName.put(name, o);
                staged.add(s);
                out.put(o, new ArrayList<>());
            }
            KernelTarget k = verifier.kernel(spec);
            // progress counts objects (known in advance), not programs (known once loaded)
            java.util.Set<String> started = new java.util.HashSet<>();
            int[] notAccepted = {0};
            List<ProgramVerdict> verdicts = verifier.verify(staged, k, v -> {
                notAccepted[0] += v.verdict() == Verdict.ACCEPTED ? 0 : 1;
                if (started.add(v.object())) {
                    progress.accept(started.size(), notAccepted[0]);
                }
            });
            for (ProgramVerdict v : verdicts) {
                Path o = byName.get(v.object());
                if (o != null) {
                    List<String> log = new ArrayList<>(v.logTail());
                    v.notes().forEach(note -> log.add("note: " + note));
                    out.get(o).add(new Loaded(o.toString(), v.program(), v.verdict().label(), v.insnsProcessed(),
                            v.verdict() == Verdict.ACCEPTED ? null : v.message(), log));
                }
            }
            return out;
        } catch (OpenedException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            FileTrees.deleteQuietly(stage);
        }
    }

    /** True when the object holds at least one program the verifier can load. */
    static boolean hasPrograms(Path object) {
        try {
            Verifier.checkObjects(List.of(object));
            return true;
        } catch (OpenedException e) {
            return false;
        }
    }
}
