package dev.opened.callgraph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Real repos include headers by paths that only their build resolves; when an include names a
 * header that exists exactly once in the repo, its directory joins the search path.
 */
final class IncludeFallback {
    private final TuParser parser;
    private final Path root;
    private final Map<String, SourceTree.Blob> files;
    private final List<String> includeDirs;

    IncludeFallback(TuParser parser, Path root, Map<String, SourceTree.Blob> files, List<String> includeDirs) {
        this.parser = parser;
        this.root = root;
        this.files = files;
        this.includeDirs = includeDirs;
    }

    /** The directories to search after the given include dirs for the unit {@code tuPath}. */
    List<String> dirs(String tuPath) {
        List<String> dirs = new ArrayList<>();
        Pattern inc = Pattern.compile("^\\s*#\\s*include\\s*\"([^\"]+)\"", Pattern.MULTILINE);
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(tuPath));
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (!seen.add(p) || !files.containsKey(p)) {
                continue;
            }
            for (java.util.regex.MatchResult m : Directives.find(inc, files.get(p).text())) {
                String name = m.group(1);
                String found = findLocal(p, name);
                if (found == null) {
                    String base = name.substring(name.lastIndexOf('/') + 1);
                    List<String> same = files.keySet().stream().filter(f -> f.equals(name) || f.endsWith("/" + name)
                            || f.endsWith("/" + base) || f.equals(base)).toList();
                    List<String> exact = same.stream().filter(f -> f.endsWith(name)).toList();
                    List<String> pick = exact.size() == 1 ? exact : same;
                    if (pick.size() == 1) {
                        String f = pick.get(0);
                        String dir = root.resolve(f.substring(0, f.length() - name.length() < 0 ? 0
                                : f.length() - (exact.size() == 1 ? name.length() : base.length()))).toString();
                        if (!dirs.contains(dir)) {
                            dirs.add(dir);
                        }
                        found = f;
                    }
                }
                if (found != null) {
                    todo.push(found);
                }
            }
        }
        return dirs;
    }

    private String findLocal(String from, String name) {
        Path fromDir = root.resolve(from).getParent();
        List<Path> candidates = new ArrayList<>();
        candidates.add(fromDir.resolve(name));
        for (String d : includeDirs) {
            candidates.add(Path.of(d).resolve(name));
        }
        for (Path c : candidates) {
            String rel = parser.relative(c.normalize().toString());
            if (rel != null && files.containsKey(rel)) {
                return rel;
            }
        }
        return null;
    }
}
