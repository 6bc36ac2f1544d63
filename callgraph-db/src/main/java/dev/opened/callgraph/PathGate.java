package dev.opened.callgraph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which files on the disk a parse may open. A repository is untrusted: its includes can name any
 * path ({@code #include "/proc/self/environ"}, {@code "../../../home/me/.ssh/id_rsa"}, a symlink
 * out of the tree), and what the parser opens ends up in the database. Only the materialized
 * repository and the include directories of the toolchain and the user are readable, by their
 * real paths, so a symlink cannot lead out; kernel pseudo file systems never are.
 */
final class PathGate {
    private static final List<Path> NEVER = List.of(Path.of("/proc"), Path.of("/dev"), Path.of("/sys"));

    /** What the disk answered for a path. */
    private enum Verdict { ALLOWED, REFUSED, ABSENT }

    private final List<Path> allowed;
    /**
     * The disk's answers, shared by the parses of one crawl: each include of each unit asked again,
     * and each answer is a stat of every component of the path.
     */
    private final Map<String, Verdict> verdicts;
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    PathGate(Collection<String> dirs) {
        List<Path> real = new ArrayList<>();
        for (String d : dirs) {
            try {
                real.add(Path.of(d).toRealPath());
            } catch (IOException | RuntimeException e) {
                // a dir that does not exist holds nothing to read
            }
        }
        this.allowed = List.copyOf(real);
        this.verdicts = new ConcurrentHashMap<>();
    }

    private PathGate(PathGate crawl) {
        this.allowed = crawl.allowed;
        this.verdicts = crawl.verdicts;
    }

    /** A gate for one parse: the disk's answers of this gate, refusals of its own (they explain its unresolved includes). */
    PathGate forParse() {
        return new PathGate(this);
    }

    /**
     * True when {@code path} exists and may be read; an existing file outside the allowed dirs is
     * remembered as refused so that the parse can say why its include went unresolved.
     */
    boolean allows(String path) {
        Verdict v = verdicts.computeIfAbsent(path, this::judge);
        if (v == Verdict.REFUSED) {
            refused.add(path);
        }
        return v == Verdict.ALLOWED;
    }

    private Verdict judge(String path) {
        Path real;
        try {
            Path p = Path.of(path);
            if (!Files.exists(p)) {
                return Verdict.ABSENT;
            }
            real = p.toRealPath();
        } catch (IOException | RuntimeException e) {
            return Verdict.ABSENT;
        }
        if (NEVER.stream().noneMatch(real::startsWith) && Files.isRegularFile(real)
                && allowed.stream().anyMatch(real::startsWith)) {
            return Verdict.ALLOWED;
        }
        return Verdict.REFUSED;
    }

    /** The refused path that an include naming {@code name} asked for, or null. */
    String refusal(String name) {
        String tail = name.startsWith("/") ? name : "/" + name;
        for (String r : refused) {
            if (r.equals(name) || r.endsWith(tail)) {
                return r;
            }
        }
        return null;
    }

    /** True when {@code path}, an absolute path, lies inside {@code dir} once both are resolved. */
    static boolean inside(Path path, Path dir) {
        try {
            return path.toRealPath().startsWith(dir.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }
}
