package dev.opened.extractor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Guard;
import dev.opened.callgraph.Include;
import dev.opened.common.Toolchain;

/**
 * Pass "includes": the translation unit's includes in the order the compiler met them. System
 * headers stay {@code #include}s; repo headers are sliced into the unit (their definitions come
 * through the closure); a generated {@code vmlinux.h} is copied whole, since it is one generated
 * file, not a source to slice; an include the repo does not hold stays as written.
 */
final class Includes {
    private static final Pattern VMLINUX = Pattern.compile("(^|/)vmlinux[^/]*\\.h$");

    /** One include line of the unit, with the guards it stood under. */
    record Line(String directive, List<Guard> guards) {
    }

    final List<Line> lines = new ArrayList<>();
    /** Repo headers copied whole, by unit file name to repo path. */
    final Map<String, String> copied = new LinkedHashMap<>();
    /** A vmlinux.h generated from the test kernel's BTF (else the running kernel's), when the repo has none. */
    java.nio.file.Path generated;
    /** Repo files in the order the compiler read them (the translation unit last). */
    final List<String> fileOrder = new ArrayList<>();

    private final java.util.List<String> repoFiles = new ArrayList<>();
    /** The repo dir of the libbpf the repo vendors ({@link CallGraph#vendoredLibbpf}), or null. */
    private String vendoredLibbpf;
    /** Unit file names of the vendored libbpf's headers, copied as its install step lays them out. */
    final Set<String> installed = new java.util.LinkedHashSet<>();
    private final Set<String> inside = new HashSet<>();

    static Includes of(CallGraph graph, String repo, String tu) {
        Includes inc = new Includes();
        graph.files(repo).forEach(f -> inc.repoFiles.add(f.path()));
        inc.vendoredLibbpf = CallGraph.vendoredLibbpf(inc.repoFiles);
        inc.walk(graph, repo, tu, new HashSet<>(), new HashSet<>());
        inc.fileOrder.add(tu);
        return inc;
    }

    /** A run of one file's lines between two of its includes, in the order the compiler read them. */
    private record Segment(String path, int fromLine, int toLine) {
    }

    private final List<Segment> segments = new ArrayList<>();

    /**
     * Definitions in the order the compiler met them, each included file read where its
     * {@code #include} stands: a program's {@code #define} before its includes comes before the
     * headers' code it switches. Definitions of files the walk did not reach come last.
     */
    java.util.Comparator<dev.opened.callgraph.Definition> readingOrder() {
        return java.util.Comparator.comparingInt((dev.opened.callgraph.Definition d) -> {
            for (int s = 0; s < segments.size(); s++) {
                Segment g = segments.get(s);
                if (g.path().equals(d.path()) && g.fromLine() <= d.startLine() && d.startLine() < g.toLine()) {
                    return s;
                }
            }
            return Integer.MAX_VALUE;
        }).thenComparing(dev.opened.callgraph.Definition::path).thenComparingInt(dev.opened.callgraph.Definition::startOffset);
    }

    private void walk(CallGraph graph, String repo, String path, Set<String> visiting, Set<String> seenDirectives) {
        if (!visiting.add(path)) {
            return;
        }
        int from = 0;
        for (Include i : graph.includes(repo, path)) {
            if (i.resolvedPath() != null && !VMLINUX.matcher(i.resolvedPath()).find() && !visiting.contains(i.resolvedPath())) {
                segments.add(new Segment(path, from, i.line()));
                from = i.line();
            }
            if (i.resolvedPath() != null) {
                if (vendoredLibbpf != null && i.resolvedPath().startsWith(vendoredLibbpf + "/")) {
                    // the repo builds against its own libbpf's headers as installed (bpf/NAME): the
                    // unit keeps the include and carries those headers beside it, whole, as the
                    // original read them; sliced, libbpf's arch-dispatching macros lose their branches
                    String name = "bpf/" + i.resolvedPath().substring(vendoredLibbpf.length() + 1);
                    if (copied.putIfAbsent(name, i.resolvedPath()) == null) {
                        installed.add(name);
                        copyNested(graph, repo, i.resolvedPath(), "bpf", new HashSet<>());
                    }
                    if (seenDirectives.add(i.directive())) {
                        lines.add(new Line(i.directive(), i.guards()));
                    }
                    continue;
                }
                if (VMLINUX.matcher(i.resolvedPath()).find()) {
                    String name = i.resolvedPath().substring(i.resolvedPath().lastIndexOf('/') + 1);
                    if (copied.putIfAbsent(name, i.resolvedPath()) == null) {
                        copyNested(graph, repo, i.resolvedPath(), "", new HashSet<>());
                    }
                    if (seenDirectives.add("copy:" + name)) {
                        lines.add(new Line("#include \"" + name + "\"", i.guards()));
                    }
                    continue;
                }
                walk(graph, repo, i.resolvedPath(), visiting, seenDirectives);
                if (!fileOrder.contains(i.resolvedPath())) {
                    fileOrder.add(i.resolvedPath());
                }
                continue;
            }
            // <vmlinux.h>, or the names builds that generate it into an include tree give it
            if (i.directive().matches("#\\s*include\\s*[<\"](bpf/(vmlinux/)?)?vmlinux\\.h[>\"]")) {
                java.nio.file.Path dir = dev.opened.callgraph.KernelTypes.vmlinuxDir();
                if (dir != null && seenDirectives.add("copy:vmlinux.h" + i.guards())) {
                    generated = dir.resolve("vmlinux.h");
                    lines.add(new Line("#include \"vmlinux.h\"", i.guards()));
                }
                continue;
            }
            if (namesRepoFile(i.directive())) {
                continue; // a repo header its build found through a path the crawl did not have: sliced in
            }
            if (seenDirectives.add(i.directive())) {
                lines.add(new Line(i.directive(), i.guards()));
            }
        }
        segments.add(new Segment(path, from, Integer.MAX_VALUE));
    }

    /**
     * The repo headers a copied header includes with quotes ({@code vmlinux.h} dispatching to
     * {@code "vmlinux-x86.h"}), copied too, under the names the directives give relative to the
     * copy, so the copy finds them beside it as the original did.
     */
    private void copyNested(CallGraph graph, String repo, String path, String unitDir, Set<String> seen) {
        if (!seen.add(path)) {
            return;
        }
        for (Include n : graph.includes(repo, path)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]+)\"").matcher(n.directive());
            if (n.resolvedPath() == null || !m.find() || m.group(1).contains("..") || m.group(1).startsWith("/")) {
                continue;
            }
            String name = unitDir.isEmpty() ? m.group(1) : unitDir + "/" + m.group(1);
            if (copied.putIfAbsent(name, n.resolvedPath()) == null) {
                if (unitDir.equals("bpf")) {
                    installed.add(name);
                }
                copyNested(graph, repo, n.resolvedPath(), name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : "", seen);
            }
        }
    }

    /**
     * Repo files that a taken definition includes inside its own text (an X-macro list read in a
     * function's body): the directive stays in the definition, so the file is copied beside the
     * unit under the name the directive gives, as it stood beside the original.
     */
    void insideDefinitions(CallGraph graph, String repo, List<dev.opened.callgraph.Definition> defs) {
        Set<String> seen = new HashSet<>();
        for (dev.opened.callgraph.Definition d : defs) {
            for (Include n : graph.includes(repo, d.path())) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]+)\"").matcher(n.directive());
                if (n.line() <= d.startLine() || n.line() > d.endLine() || n.resolvedPath() == null || !m.find()
                        || m.group(1).contains("..") || m.group(1).startsWith("/")) {
                    continue;
                }
                if (copied.putIfAbsent(m.group(1), n.resolvedPath()) == null) {
                    inside.add(m.group(1));
                    String dir = m.group(1).contains("/") ? m.group(1).substring(0, m.group(1).lastIndexOf('/')) : "";
                    copyNested(graph, repo, n.resolvedPath(), dir, seen);
                }
            }
        }
    }

    /** Whether {@code unitName} was copied for a definition that includes it in its text. */
    boolean includedInside(String unitName) {
        return inside.contains(unitName);
    }

    /** An include whose name, without leading ./ and ../, ends a repo file's path. */
    private boolean namesRepoFile(String directive) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[<\"]([^>\"]+)[>\"]").matcher(directive);
        if (!m.find()) {
            return false;
        }
        String name = m.group(1).replaceAll("^(\\.\\.?/)+", "");
        if (!name.contains("/") || VMLINUX.matcher(name).find() || onTheSystem(name)) {
            return false;
        }
        return repoFiles.stream().anyMatch(f -> f.equals(name) || f.endsWith("/" + name));
    }

    /**
     * A header the system has: the crawl found it there, so the repo's copy of the same name
     * ({@code headers/linux/bpf.h} in bpf-examples) is not the one this directive read.
     */
    private static boolean onTheSystem(String name) {
        for (String dir : List.of("/usr/local/include", "/usr/include", Toolchain.host().archIncludeDir())) {
            if (java.nio.file.Files.isRegularFile(java.nio.file.Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    boolean isCopied(String path) {
        return copied.containsValue(path);
    }
}
