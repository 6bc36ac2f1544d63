package dev.opened.callgraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.opened.common.Toolchain;

/**
 * How a repo's units find their includes, as its build gives them: the crawl parses with it and
 * the library compiles the originals with it, so both come from this one place.
 *
 * @param dirs the {@code -I} dirs in search order, repo-relative (absolute ones as given): the
 *     given ones, those inferred from the repo's own files, {@link #INSTALLED} when the repo
 *     vendors libbpf, those inferred inside submodules
 * @param vendoredLibbpf the repo dir whose headers answer {@code <bpf/NAME>}, laid out under
 *     {@link #INSTALLED} as {@code bpf/}; null when the repo vendors no libbpf
 * @param kernelTypes whether the generated kernel types ({@link KernelTypes#vmlinuxDir()}) are
 *     searched after everything else
 * @param notes each inference, said in a line, for the crawl's summary
 */
public record IncludeSearch(List<String> dirs, String vendoredLibbpf, boolean kernelTypes, List<String> notes) {
    /** The include dir, relative to a tree of the repo's files, the vendored libbpf is laid out under. */
    public static final String INSTALLED = IncludeRoots.INSTALLED;

    /** Copies the lists. */
    public IncludeSearch {
        dirs = List.copyOf(dirs);
        notes = List.copyOf(notes);
    }

    /** For a repo of {@code files} (path to text), given {@code given} -I dirs, with {@code submodules} read. */
    static IncludeSearch of(Map<String, String> files, List<String> given, List<String> submodules, Toolchain toolchain) {
        List<IncludeRoots.Inferred> inferred = IncludeRoots.infer(files, given, toolchain.systemIncludeDirs(), toolchain.arch(),
                submodules);
        String vendored = IncludeRoots.vendoredLibbpf(files.keySet());
        List<String> notes = new ArrayList<>();
        if (vendored != null) {
            notes.add("<bpf/...> headers read from " + vendored + "/, the repo's own libbpf, before the system's (as its build "
                    + "installs them)");
        }
        inferred.forEach(i -> notes.add(i.why()));
        return new IncludeSearch(IncludeRoots.searchOrder(given, inferred, vendored != null, submodules), vendored,
                KernelTypes.needed(files), notes);
    }
}
