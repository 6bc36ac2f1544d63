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

    /** The directory, under the include root, that a build's install step puts a vendored library's headers in. */
    static final String INSTALLED = ".opened-installed";

    /**
     * A vendored libbpf ({@code src/} of a libbpf tree, usually a git submodule) answers
     * {@code <bpf/NAME>} before the system's, as the repository's build installs its headers
     * ({@code make -C libbpf/src install_headers}) and compiles against them: repo path of the
     * directory whose files {@code <bpf/NAME>} reads, or null. Only a repo with exactly one such
     * tree gets it; its paths alone decide, so the crawl and every later build agree.
     */
    static String vendoredLibbpf(java.util.Collection<String> paths) {
        Set<String> dirs = new TreeSet<>();
        Set<String> all = paths instanceof Set<String> set ? set : new java.util.HashSet<>(paths);
        for (String p : all) {
            if (p.endsWith("/bpf_helper_defs.h")) {
                String dir = p.substring(0, p.length() - "/bpf_helper_defs.h".length());
                if (all.contains(dir + "/bpf_helpers.h") && all.contains(dir + "/libbpf.h")) {
                    dirs.add(dir);
                }
            }
        }
        return dirs.size() == 1 ? dirs.iterator().next() : null;
    }

    private IncludeRoots() {
    }

    /**
     * The include directories to add, in the order first needed. {@code files}: repo path to
     * text; {@code given}: repo-relative or absolute {@code -I} directories; {@code systemDirs}:
     * where the compiler looks by itself; {@code arch}: {@code os.arch}.
     */
    static List<Inferred> infer(Map<String, String> files, List<String> given, List<String> systemDirs, String arch) {
        return infer(files, given, systemDirs, arch, List.of());
    }

    /**
     * As above; the includes of files under {@code submodules} (repo paths) are the vendored
     * project's own business, built by its own flags: they infer nothing for the repo's code.
     */
    static List<Inferred> infer(Map<String, String> files, List<String> given, List<String> systemDirs, String arch,
            List<String> submodules) {
        Map<String, Inferred> out = new LinkedHashMap<>();
        List<String> dirs = new ArrayList<>(given);
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (under(f.getKey(), submodules)) {
                continue;
            }
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

    /**
     * The include dirs a unit is parsed and built with, repo-relative, as the repos' builds order
     * them (bpf-examples: {@code -Iinclude -Iheaders -Ilib/install/include}): the given ones, the
     * inferred ones of the repo's own tree, the vendored libbpf's installed headers
     * ({@link #INSTALLED}), then the inferred ones inside submodules.
     */
    static List<String> searchOrder(List<String> given, List<Inferred> inferred, boolean vendoredLibbpf,
            List<String> submodules) {
        List<String> out = new ArrayList<>(given);
        inferred.stream().filter(i -> !under(i.dir() + "/", submodules)).forEach(i -> out.add(i.dir()));
        if (vendoredLibbpf) {
            out.add(INSTALLED);
        }
        inferred.stream().filter(i -> under(i.dir() + "/", submodules)).forEach(i -> out.add(i.dir()));
        return out;
    }

    /** Whether repo path {@code path} lies in one of {@code dirs}. */
    static boolean under(String path, List<String> dirs) {
        for (String d : dirs) {
            if (path.startsWith(d + "/")) {
                return true;
            }
        }
        return false;
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
