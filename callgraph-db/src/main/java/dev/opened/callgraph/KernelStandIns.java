package dev.opened.callgraph;

import java.util.BitSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTName;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;

/**
 * The {@code vmlinux.h} files of one crawl, each slimmed and parsed once ({@link KernelTypesIndex}),
 * and the names the crawl's units were seen to write, which the next unit's stand-in starts from:
 * most units then parse once, and a unit that writes a name no earlier one did is parsed again
 * with the declarations that name reaches.
 */
final class KernelStandIns {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> slimmed = new ConcurrentHashMap<>();
    private final Map<String, Optional<KernelTypesIndex>> indexes = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private volatile boolean primed;
    private final Map<String, SourceTree.Blob> files;
    private final boolean whole;
    /** Parses done again because a unit wrote a name its stand-in had cut (for the bench and the tests). */
    final java.util.concurrent.atomic.AtomicInteger reparses = new java.util.concurrent.atomic.AtomicInteger();

    KernelStandIns(Map<String, SourceTree.Blob> files) {
        this(files, false);
    }

    /** @param whole every vmlinux.h given whole (slimmed only), as before the stand-ins */
    KernelStandIns(Map<String, SourceTree.Blob> files, boolean whole) {
        this.files = files;
        this.whole = whole;
    }

    /** The texts a parse is given for the {@code vmlinux.h} files it includes, and what they hold. */
    final class Session {
        /** Every declaration (the slimmed file whole). */
        private final boolean wholeFile;
        /** Made when a vmlinux.h is first included: most crawls include none, and the copy is thousands of names a unit. */
        private Set<String> wanted;
        private final Map<KernelTypesIndex, BitSet> served = new IdentityHashMap<>();

        private Session(boolean wholeFile, Set<String> wanted) {
            this.wholeFile = wholeFile;
            this.wanted = wanted;
        }

        private Set<String> wanted() {
            if (wanted == null) {
                wanted = new HashSet<>(primedSeen());
            }
            return wanted;
        }

        /** The text to parse for the vmlinux.h at {@code path} whose text is {@code text}. */
        String text(String path, String text, Map<String, String> macros) {
            String key = path + ":" + text.length();
            String slim = slimmed.computeIfAbsent(key, k -> KernelTypesSlim.slim(text));
            if (wholeFile) {
                return slim;
            }
            KernelTypesIndex index = indexes.computeIfAbsent(key, k -> Optional.ofNullable(KernelTypesIndex.of(path, slim,
                    macros))).orElse(null);
            if (index == null) {
                return slim;
            }
            BitSet keep;
            synchronized (served) {
                keep = served.computeIfAbsent(index, i -> i.reach(wanted()));
            }
            return index.standIn(keep);
        }

        /** The names of {@code tu} (outside the stand-ins) that a declaration cut from a stand-in declares. */
        Set<String> missing(IASTTranslationUnit tu) {
            if (served.isEmpty()) {
                return Set.of();
            }
            Set<String> names = namesOf(tu);
            seen.addAll(names);
            Set<String> out = new HashSet<>();
            served.forEach((index, keep) -> out.addAll(index.missing(keep, names)));
            if (!out.isEmpty()) {
                wanted().addAll(names);
            }
            return out;
        }

        /** The session for the next parse of the same unit: everything this one wanted and the AST's names. */
        Session again(boolean whole) {
            reparses.incrementAndGet();
            return new Session(whole, whole ? null : new HashSet<>(wanted()));
        }
    }

    /** A session starting from every name the repo's files and the units parsed so far wrote. */
    Session session() {
        return new Session(whole, null);
    }

    /** The names seen so far, the repo's files read first. */
    private Set<String> primedSeen() {
        if (!primed) {
            synchronized (this) {
                if (!primed) {
                    files.forEach((p, b) -> {
                        if (!SnapshotProvider.isGeneratedKernelTypes(p) && b.text() != null) {
                            Matcher m = IDENT.matcher(b.text());
                            while (m.find()) {
                                seen.add(m.group());
                            }
                        }
                    });
                    primed = true;
                }
            }
        }
        return seen;
    }

    /** Every name written in {@code tu} outside vmlinux.h files, macro expansions and inactive code included. */
    private static Set<String> namesOf(IASTTranslationUnit tu) {
        Set<String> names = new HashSet<>();
        tu.accept(new ASTVisitor() {
            {
                shouldVisitNames = true;
                shouldVisitDeclarations = true;
                includeInactiveNodes = true;
            }

            @Override
            public int visit(IASTDeclaration d) {
                IASTFileLocation loc = d.getFileLocation();
                return loc != null && SnapshotProvider.isGeneratedKernelTypes(loc.getFileName()) ? PROCESS_SKIP
                        : PROCESS_CONTINUE;
            }

            @Override
            public int visit(IASTName name) {
                names.add(name.toString());
                return PROCESS_CONTINUE;
            }
        });
        return names;
    }
}
