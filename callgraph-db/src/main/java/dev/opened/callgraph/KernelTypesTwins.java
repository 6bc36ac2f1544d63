package dev.opened.callgraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code vmlinux.h} files parsed alone whose text equals another's in the same directory: libbpf-tools
 * keeps {@code x86/vmlinux.h} as a link to {@code x86/vmlinux_614.h}, for five arches, and each
 * parse of a 3 MB file alone takes seconds. The two parses differ only in the file's name, so one
 * is parsed and the other's result is the first's with the name changed. Only for kernel-types
 * files, whose definitions the crawl never collects, and only when the result names nothing but
 * problems and the files read.
 */
final class KernelTypesTwins {
    private KernelTypesTwins() {
    }

    /** For each unit of {@code todo} with an earlier twin, that twin. */
    static Map<String, String> of(List<String> todo, Map<String, SourceTree.Blob> files) {
        Map<String, String> twins = new LinkedHashMap<>();
        Map<String, String> first = new HashMap<>();
        for (String u : todo) {
            SourceTree.Blob b = files.get(u);
            if (!SnapshotProvider.isGeneratedKernelTypes(u) || b == null || b.text() == null) {
                continue;
            }
            int slash = u.lastIndexOf('/');
            String key = (slash < 0 ? "" : u.substring(0, slash)) + "\n" + b.text().length();
            String earlier = first.putIfAbsent(key, u);
            if (earlier != null && files.get(earlier).text().equals(b.text())) {
                twins.put(u, earlier);
            }
        }
        return twins;
    }

    /** {@code r} (the parse of {@code from}) as the parse of {@code to} would be; null when it holds more than that. */
    static TuResult renamed(TuResult r, String from, String to, SourceTree.Blob toBlob) {
        if (!r.defs().isEmpty() || !r.refs().isEmpty() || !r.helpers().isEmpty() || !r.includes().isEmpty()
                || !r.tuPath().equals(from)) {
            return null;
        }
        Map<String, String> deps = new java.util.TreeMap<>();
        r.deps().forEach((p, id) -> deps.put(p.equals(from) ? to : p, p.equals(from) ? toBlob.id() : id));
        List<Problem> problems = new ArrayList<>();
        for (Problem p : r.problems()) {
            problems.add(new Problem(p.path().equals(from) ? to : p.path(), p.line(), p.message(),
                    p.translationUnit().equals(from) ? to : p.translationUnit()));
        }
        List<String> inactive = r.inactiveIn() == null ? null
                : r.inactiveIn().stream().map(p -> p.equals(from) ? to : p).toList();
        return new TuResult(to, deps, List.of(), List.of(), List.of(), List.of(), problems, inactive);
    }
}
