package dev.opened.callgraph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import org.eclipse.cdt.core.index.IIndexFileLocation;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.internal.core.parser.IMacroDictionary;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContent;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContentProvider;

/** Serves repo files from the snapshot and system headers from the disk. */
final class SnapshotProvider extends InternalFileContentProvider {
    // libbpf's BPF_KPROBE/BPF_PROG declare `typeof(name(0)) name(...)`, which sends CDT's type
    // computation into endless recursion; the return type is int for every such program.
    private static final Pattern TYPEOF_NAME0 = Pattern.compile("typeof\\(name\\(0\\)\\)");
    private static final Pattern VMLINUX = Pattern.compile("(^|/)vmlinux[^/]*\\.h$");

    private final TuParser parser;
    private final Map<String, SourceTree.Blob> files;
    private final PathGate gate;
    /** What this parse is given for the vmlinux.h files it includes. */
    private final KernelStandIns.Session kernelTypes;

    SnapshotProvider(TuParser parser, PathGate gate, KernelStandIns.Session kernelTypes) {
        this.parser = parser;
        this.files = parser.files();
        this.gate = gate;
        this.kernelTypes = kernelTypes;
    }

    private String relative(String path) {
        return parser.relative(path);
    }

    @Override
    public boolean getInclusionExists(String path) {
        return relative(path) != null || gate.allows(path);
    }

    @Override
    public InternalFileContent getContentForInclusion(String path, IMacroDictionary macroDictionary) {
        String rel = relative(path);
        if (rel == null && !gate.allows(path)) {
            return null;
        }
        if (isGeneratedKernelTypes(path)) {
            String text = rel != null ? files.get(rel).text() : parser.disk().kernelTypes(path);
            return text == null ? null : (InternalFileContent) FileContent.create(path,
                    kernelTypes.text(path, text, parser.macros()).toCharArray());
        }
        if (rel != null) {
            return (InternalFileContent) FileContent.create(path, patch(path, files.get(rel).text()).toCharArray());
        }
        return parser.disk().content(path);
    }

    @Override
    public InternalFileContent getContentForInclusion(IIndexFileLocation ifl, String astPath) {
        return null;
    }

    private String patch(String path, String text) {
        if (path.endsWith("bpf_tracing.h")) {
            // padded to the same length so that offsets into a repo's own copy stay true
            return patchTracing(text);
        }
        return text;
    }

    /**
     * A committed vmlinux.h is the kernel's types dumped from BTF, 100,000 lines and more: units
     * copy it whole, so its definitions are not indexed one by one.
     */
    static boolean isGeneratedKernelTypes(String path) {
        // asked of every path a unit's passes meet: the pattern only where the name can match it
        return path.contains("vmlinux") && VMLINUX.matcher(path).find();
    }

    /** A header from the disk, as {@link SystemHeaders} gives it. */
    static InternalFileContent systemHeader(String path) {
        return Files.isRegularFile(Path.of(path)) ? SystemHeaders.content(path) : null;
    }

    /** libbpf's {@code bpf_tracing.h} with {@code typeof(name(0))} as {@code int}, padded to the same length. */
    static String patchTracing(String text) {
        return TYPEOF_NAME0.matcher(text).replaceAll("int            ");
    }
}
