package dev.opened.callgraph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.dom.ast.gnu.c.GCCLanguage;
import org.eclipse.cdt.core.index.IIndexFileLocation;
import org.eclipse.cdt.core.model.ILanguage;
import org.eclipse.cdt.core.parser.ExtendedScannerInfo;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.core.parser.NullLogService;
import org.eclipse.cdt.internal.core.parser.IMacroDictionary;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContent;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContentProvider;

/**
 * Parses one eBPF C file with CDT the way the crawler does (clang's BPF predefines, system and
 * libbpf headers), for passes that edit a unit's text at AST offsets. The AST is CDT's own.
 */
public final class CSource {
    private CSource() {
    }

    /**
     * The AST of {@code text} as the file {@code file}, with {@code includeDirs} searched after
     * the file's own directory and {@code defines} predefined ({@code NAME} or {@code NAME=VALUE}).
     */
    public static IASTTranslationUnit parse(Path file, String text, List<String> includeDirs, List<String> defines) {
        Toolchain tc = Toolchain.detect();
        Map<String, String> macros = new LinkedHashMap<>(tc.predefines());
        for (String d : defines) {
            int eq = d.indexOf('=');
            macros.put(eq < 0 ? d : d.substring(0, eq), eq < 0 ? "1" : d.substring(eq + 1));
        }
        List<String> paths = new ArrayList<>();
        Path abs = file.toAbsolutePath().normalize();
        paths.add(abs.getParent().toString());
        paths.addAll(includeDirs);
        paths.addAll(tc.systemIncludeDirs());
        ExtendedScannerInfo info = new ExtendedScannerInfo(macros, paths.toArray(String[]::new), null, null);
        try {
            return GCCLanguage.getDefault().getASTTranslationUnit(FileContent.create(abs.toString(), text.toCharArray()),
                    info, new DiskProvider(), null, ILanguage.OPTION_PARSE_INACTIVE_CODE, new NullLogService());
        } catch (Exception e) {
            throw new CallGraphException(file + ": the C parser failed: " + e.getMessage(), e);
        }
    }

    /** Headers from the disk; libbpf's tracing macros patched as the crawler patches them. */
    private static final class DiskProvider extends InternalFileContentProvider {
        @Override
        public InternalFileContent getContentForInclusion(String path, IMacroDictionary macroDictionary) {
            return SnapshotProvider.systemHeader(path);
        }

        @Override
        public InternalFileContent getContentForInclusion(IIndexFileLocation ifl, String astPath) {
            return null;
        }
    }
}
