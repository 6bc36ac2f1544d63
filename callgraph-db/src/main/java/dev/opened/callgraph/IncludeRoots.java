package dev.opened.callgraph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Include directories only a repository's build knows (a CMake {@code -I}, a Makefile's
 * {@code -I$(ARCH)/}), inferred from the repository itself: an include that neither the system,
 * the including file's directory nor the given {@code -I}s resolve, whose path names exactly one
 * place in the repository, makes that place's root an include directory; where several per-arch
 * copies match ({@code x86/vmlinux.h}, {@code arm64/vmlinux.h}), the host's arch decides. Given
 * {@code -I}s, {@code compile_flags.txt} and {@code compile_commands.json} come first and win.
 */
final class IncludeRoots {
    private static final Pattern INCLUDE = Pattern.compile("(?m)^[ \\t]*#[ \\t]*include[ \\t]*([<\"])([^>\"\\n]+)[>\"]");

    /** One inferred directory, repo-relative, and why. */
    record Inferred(String dir, String why) {
    }

    private IncludeRoots() {
    }

    /**
     * The include directories to add, in the order first needed. {@code files}: repo path to
     * text; {@code given}: repo-relative or absolute {@code -I} directories; {@code systemDirs}:
     * where the compiler looks by itself; {@code arch}: {@code os.arch}.
     */
    static List<Inferred> infer(Map<String, String> files, List<String> given, List<String> systemDirs, String arch) {
        Map<String, Inferred> out = new LinkedHashMap<>();
        List<String> dirs = new ArrayList<>(given);
        for (Map.Entry<String, String> f : files.entrySet()) {
            for (java.util.regex.MatchResult m : Directives.find(INCLUDE, f.getValue())) {
                String name = m.group(2).strip();
                if (name.startsWith("/") || name.contains("..") || resolves(name, f.getKey(), m.group(1).equals("\""), files, dirs,
                        systemDirs)) {
                    continue;
                }
                Set<String> roots = new TreeSet<>();
                for (String p : files.keySet()) {
                    if (p.equals(name)) {
                        roots.add("");
                    } else if (p.endsWith("/" + name)) {
                        roots.add(p.substring(0, p.length() - name.length() - 1));
                    }
                }
                String root = roots.size() == 1 ? roots.iterator().next() : forArch(roots, arch);
                if (root == null || root.isEmpty()) {
                    continue;
                }
                String why = "-I" + root + " inferred: " + m.group(1) + name + (m.group(1).equals("<") ? ">" : "\"")
                        + " in " + f.getKey() + " resolves only to " + root + "/" + name
                        + (roots.size() > 1 ? " (the copy for this host's arch, of " + roots.size() + ")" : "");
                out.putIfAbsent(root, new Inferred(root, why));
                dirs.add(root);
            }
        }
        return new ArrayList<>(out.values());
    }

    private static boolean resolves(String name, String from, boolean quoted, Map<String, String> files, List<String> dirs,
            List<String> systemDirs) {
        if (quoted) {
            String here = from.contains("/") ? from.substring(0, from.lastIndexOf('/') + 1) : "";
            if (files.containsKey(Path.of(here + name).normalize().toString())) {
                return true;
            }
        }
        for (String d : dirs) {
            if (!Path.of(d).isAbsolute() && files.containsKey(Path.of(d, name).normalize().toString())) {
                return true;
            }
            if (Path.of(d).isAbsolute() && Files.isRegularFile(Path.of(d, name))) {
                return true;
            }
        }
        for (String d : systemDirs) {
            if (Files.isRegularFile(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }

    /** The one root whose last directory names the host's arch, as a build's {@code -I$(ARCH)} picks it. */
    private static String forArch(Set<String> roots, String arch) {
        Set<String> names = switch (arch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> Set.of("x86", "x86_64", "amd64", "x64");
            case "aarch64", "arm64" -> Set.of("arm64", "aarch64");
            default -> Set.of(arch);
        };
        String found = null;
        for (String r : roots) {
            String last = r.contains("/") ? r.substring(r.lastIndexOf('/') + 1) : r;
            if (names.contains(last.toLowerCase(Locale.ROOT))) {
                if (found != null) {
                    return null;
                }
                found = r;
            }
        }
        return found;
    }
}
