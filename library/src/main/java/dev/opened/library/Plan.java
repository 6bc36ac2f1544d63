package dev.opened.library;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.Reference;
import dev.opened.callgraph.ReferenceKind;
import dev.opened.callgraph.Repo;

/**
 * Which functions a library holds and under which names: every chosen function of every chosen
 * repo, with the translation unit that compiles it and the programs of that unit that stand for
 * it when the original is loaded.
 */
final class Plan {
    /**
     * One function to extract.
     *
     * @param function its definition
     * @param repo its repo
     * @param base the name its units share: {@code REPO/PATH-FUNCTION} (with {@code @LINE} when one
     *        file defines the name twice, in two {@code #if} branches)
     * @param tuPath the translation unit that compiles it, or null
     * @param programs the programs of that unit that reach it (itself, for a program)
     */
    record Function(Definition function, Repo repo, String base, String tuPath, List<String> programs) {
    }

    private Plan() {
    }

    /** The functions {@code selector} ({@code entry}, {@code all}, or a name glob) picks in {@code repos}. */
    static List<Function> functions(CallGraph graph, List<Repo> repos, String selector) {
        List<Function> out = new ArrayList<>();
        for (Repo repo : repos) {
            String glob = selector.equals("entry") || selector.equals("all") ? null : selector;
            // a vendored library's functions (a libbpf submodule's) belong to that library's own build
            List<String> vendored = graph.submodulePaths(repo.name()).stream().map(p -> p + "/").toList();
            List<Definition> defs = graph.functions(repo.name(), null, glob).stream()
                    .filter(Definition::active)
                    .filter(d -> vendored.stream().noneMatch(d.path()::startsWith))
                    .filter(d -> !selector.equals("entry") || d.isProgram())
                    .toList();
            Map<String, Integer> sameName = new HashMap<>();
            defs.forEach(d -> sameName.merge(d.path() + "\0" + d.name(), 1, Integer::sum));
            for (Definition d : defs) {
                String base = repo.name() + "/" + d.path() + "-" + d.name()
                        + (sameName.get(d.path() + "\0" + d.name()) > 1 ? "@" + d.startLine() : "");
                String tu = graph.translationUnitsOf(d).stream().findFirst().orElse(null);
                out.add(new Function(d, repo, base, tu, tu == null ? List.of() : programs(graph, d, tu)));
            }
        }
        return out;
    }

    /** The programs of {@code tu} that call {@code f}, directly or not; {@code f} itself when it is one. */
    private static List<String> programs(CallGraph graph, Definition f, String tu) {
        if (f.isProgram()) {
            return List.of(f.name());
        }
        Set<String> found = new LinkedHashSet<>();
        Set<Long> seen = new HashSet<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(f.id()));
        while (!todo.isEmpty()) {
            long id = todo.pop();
            if (!seen.add(id)) {
                continue;
            }
            for (Reference r : graph.referencesTo(id)) {
                if (r.kind() != ReferenceKind.CALL) {
                    continue;
                }
                Definition caller = graph.definition(r.fromId());
                if (caller == null) {
                    continue;
                }
                if (caller.isProgram() && caller.path().equals(tu)) {
                    found.add(caller.name());
                }
                todo.push(caller.id());
            }
        }
        return List.copyOf(found);
    }

    /** A name usable as a path: what is not a letter, digit, {@code ._-@/} becomes {@code _}; no {@code ..}. */
    static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._@/+-]", "_").replace("..", "__");
    }

    /** The hash of everything a unit's results depend on. */
    static String inputs(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static volatile String build;

    /**
     * OPENED's version and a hash of the code that makes and judges units (the extractor, the
     * transformer, the verifier, common's toolchain that gives the clang command, this module): a
     * snapshot version stays the same while its code changes, and a changed extractor must make its
     * units again.
     */
    static String version() {
        String b = build;
        if (b == null) {
            StringBuilder ids = new StringBuilder(release());
            for (Class<?> c : List.of(dev.opened.extractor.Extractor.class, dev.opened.transformer.Retargeter.class,
                    dev.opened.verifier.Verifier.class, dev.opened.common.Toolchain.class, Plan.class)) {
                String h = dev.opened.common.CodeHash.of(c);
                ids.append(' ').append(h == null ? "unknown" : h);
            }
            b = ids.toString();
            build = b;
        }
        return b;
    }

    /** OPENED's release version, as the build wrote it into the jar. */
    private static String release() {
        try (var in = Plan.class.getResourceAsStream("version.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (java.io.IOException e) {
            return "dev";
        }
    }
}
