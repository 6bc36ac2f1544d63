package dev.opened.callgraph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.dom.ast.gnu.c.GCCLanguage;
import org.eclipse.cdt.core.model.ILanguage;
import org.eclipse.cdt.core.parser.ExtendedScannerInfo;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.core.parser.NullLogService;

import dev.opened.common.Toolchain;

/**
 * Parses one translation unit with CDT and collects what the call graph needs from it. A new
 * instance per parse; one parse per thread. The include search is {@link IncludeFallback}'s, the
 * files come from {@link SnapshotProvider}, and {@link TuScan} runs the passes over the AST.
 */
final class TuParser {
    private final Path root;
    private final Map<String, SourceTree.Blob> files;
    private final Toolchain toolchain;
    private final List<String> includeDirs;
    private final Map<String, String> defines;
    private final Map<String, LineMap> lineMaps = new HashMap<>();
    private final Map<String, Optional<String>> relatives = new HashMap<>();
    /** The vmlinux.h files of the crawl, parsed once, and their stand-ins. */
    private final KernelStandIns kernelTypes;
    /** What this parse may read from the disk besides the snapshot. */
    private final PathGate gate;
    /** The crawl's answers from the disk. */
    private final DiskFiles disk;
    /** The repo dir whose headers answer {@code <bpf/NAME>} ({@link IncludeRoots#vendoredLibbpf}), or null. */
    private final String vendoredLibbpf;

    /**
     * @param root the directory the repo's files are materialized under (absolute)
     * @param files the repo's {@code .c}/{@code .h} files by repo path
     * @param includeDirs absolute include dirs of the repo, in search order
     * @param vendoredLibbpf the repo dir of a vendored libbpf, whose headers the include dir
     *     {@code ROOT/.opened-installed} lays out as {@code bpf/}; null when the repo has none
     * @param disk the crawl's reads from the disk, made with the same root, include dirs and toolchain
     */
    TuParser(Path root, Map<String, SourceTree.Blob> files, Toolchain toolchain, List<String> includeDirs,
            Map<String, String> defines, KernelStandIns kernelTypes, String vendoredLibbpf, DiskFiles disk) {
        this.vendoredLibbpf = vendoredLibbpf;
        this.kernelTypes = kernelTypes;
        this.root = root;
        this.files = files;
        this.toolchain = toolchain;
        this.includeDirs = includeDirs;
        this.defines = defines;
        this.disk = disk;
        this.gate = disk.gate();
    }

    TuResult parse(String tuPath) {
        Map<String, String> macros = macros();
        List<String> paths = new ArrayList<>();
        paths.add(root.resolve(tuPath).getParent().toString());
        paths.addAll(includeDirs);
        paths.addAll(new IncludeFallback(this, root, files, includeDirs).dirs(tuPath));
        paths.addAll(toolchain.systemIncludeDirs());
        ExtendedScannerInfo info = new ExtendedScannerInfo(macros, paths.toArray(String[]::new), null, null);
        String abs = root.resolve(tuPath).toString();
        FileContent content = FileContent.create(abs, files.get(tuPath).text().toCharArray());
        IASTTranslationUnit tu;
        try {
            // a vmlinux.h is given as the declarations the unit's names reach; a name of the AST that
            // reaches more parses the unit again, at worst with the whole file
            KernelStandIns.Session kernel = kernelTypes.session();
            for (int round = 0;; round++) {
                tu = GCCLanguage.getDefault().getASTTranslationUnit(content, info, new SnapshotProvider(this, gate, kernel), null,
                        ILanguage.OPTION_PARSE_INACTIVE_CODE, new NullLogService());
                if (round == 3 || kernel.missing(tu).isEmpty()) {
                    break;
                }
                kernel = kernel.again(round == 2);
            }
        } catch (Exception | StackOverflowError e) {
            return new TuResult(tuPath, Map.of(tuPath, files.get(tuPath).id()), List.of(), List.of(), List.of(), List.of(),
                    List.of(new Problem(tuPath, 1, ParseGuard.FAILED + "the parser failed: " + e, tuPath)));
        }
        return new TuScan(this, tuPath, tu).collect();
    }

    /** The toolchain's predefined macros and the crawl's defines, as a unit's parse starts with them. */
    Map<String, String> macros() {
        Map<String, String> macros = new LinkedHashMap<>(toolchain.predefines());
        macros.putAll(defines);
        return macros;
    }

    /** The repo path of an absolute path under the root, or null. */
    String relative(String absolute) {
        if (absolute == null) {
            return null;
        }
        // asked for the file of nearly every node of the AST, a few dozen paths a unit
        return relatives.computeIfAbsent(absolute, a -> Optional.ofNullable(relativeUncached(a))).orElse(null);
    }

    private String relativeUncached(String absolute) {
        String r = root.toString();
        if (absolute.startsWith(r + "/")) {
            // normalized first: "../" can lead out of the root, and such a path is no repo file
            String norm = Path.of(absolute).normalize().toString();
            if (!norm.startsWith(r + "/")) {
                return null;
            }
            String rel = norm.substring(r.length() + 1);
            if (vendoredLibbpf != null && rel.startsWith(IncludeRoots.INSTALLED + "/bpf/")) {
                // the vendored libbpf's headers as its install step lays them out: <bpf/NAME>
                rel = vendoredLibbpf + "/" + rel.substring(IncludeRoots.INSTALLED.length() + 5);
            }
            return files.containsKey(rel) ? rel : null;
        }
        return null;
    }

    LineMap lines(String path) {
        return lineMaps.computeIfAbsent(path, p -> new LineMap(files.get(p).text()));
    }

    Map<String, SourceTree.Blob> files() {
        return files;
    }

    PathGate gate() {
        return gate;
    }

    DiskFiles disk() {
        return disk;
    }
}
