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

import dev.opened.common.Toolchain;

/**
 * Parses a unit with CDT the way the crawler does (clang's BPF predefines, system and libbpf
 * headers), its own files from memory, for passes that edit a unit's text at AST offsets. The AST
 * is CDT's own.
 */
public final class CSource {
    private CSource() {
    }

    /**
     * Where a unit's own files appear to the parser: a directory that is never looked up on the
     * disk, so that parsing a unit in memory writes nothing and reads none of the user's files.
     */
    private static final Path UNIT_DIR = Path.of("/opened-unit");

    /** The path the parser gives the unit file {@code name} (AST file locations carry it). */
    public static Path unitPath(String name) {
        return UNIT_DIR.resolve(name);
    }

    /**
     * The AST of the unit file {@code main} among {@code files} (name to text), all served from
     * memory as files of one directory (at {@link #unitPath}); system headers from the disk;
     * {@code defines} predefined ({@code NAME} or {@code NAME=VALUE}).
     */
    public static IASTTranslationUnit parseUnit(Map<String, String> files, String main, List<String> defines) {
        Toolchain tc = Toolchain.host();
        Map<String, String> macros = new LinkedHashMap<>(tc.predefines());
        for (String d : defines) {
            int eq = d.indexOf('=');
            macros.put(eq < 0 ? d : d.substring(0, eq), eq < 0 ? "1" : d.substring(eq + 1));
        }
        List<String> paths = new ArrayList<>();
        paths.add(UNIT_DIR.toString());
        paths.addAll(tc.systemIncludeDirs());
        ExtendedScannerInfo info = new ExtendedScannerInfo(macros, paths.toArray(String[]::new), null, null);
        try {
            return GCCLanguage.getDefault().getASTTranslationUnit(FileContent.create(unitPath(main).toString(),
                    files.get(main).toCharArray()), info, new UnitProvider(files), null, ILanguage.OPTION_PARSE_INACTIVE_CODE,
                    new NullLogService());
        } catch (Exception e) {
            throw new CallGraphException(main + ": the C parser failed: " + e.getMessage(), e);
        }
    }

    /** The unit's files from memory; headers from the disk, libbpf's tracing macros patched as the crawler patches them. */
    private static final class UnitProvider extends InternalFileContentProvider {
        private final Map<String, String> files;

        UnitProvider(Map<String, String> files) {
            this.files = files;
        }

        /** The name of a unit file, or null for a path outside the unit. */
        private static String inUnit(String path) {
            Path p = Path.of(path).normalize();
            return p.startsWith(UNIT_DIR) && p.getNameCount() > UNIT_DIR.getNameCount()
                    ? UNIT_DIR.relativize(p).toString() : null;
        }

        @Override
        public boolean getInclusionExists(String path) {
            String name = inUnit(path);
            return name != null ? files.containsKey(name) : super.getInclusionExists(path);
        }

        @Override
        public InternalFileContent getContentForInclusion(String path, IMacroDictionary macroDictionary) {
            String name = inUnit(path);
            if (name != null) {
                String text = files.get(name);
                return text == null ? null : (InternalFileContent) FileContent.create(path, text.toCharArray());
            }
            return SnapshotProvider.systemHeader(path);
        }

        @Override
        public InternalFileContent getContentForInclusion(IIndexFileLocation ifl, String astPath) {
            return null;
        }
    }
}
