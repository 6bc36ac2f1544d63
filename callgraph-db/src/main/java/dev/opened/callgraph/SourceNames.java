package dev.opened.callgraph;

import java.nio.file.Path;

/**
 * What a crawl's source string says before anything is read: whether it is a URL, and the repo
 * name it gives. Apart from {@link SourceTree} because that class links JGit, whose signed jar is
 * checked on first use: the quick re-crawl ({@link QuickRecrawl}) needs these answers, not JGit.
 */
final class SourceNames {
    private SourceNames() {
    }

    /** The repo name a source gets when none is given: its last path element without {@code .git}. */
    static String defaultName(String source) {
        String s = source.replaceAll("[/\\\\]+$", "");
        int cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf(':'));
        String last = s.substring(cut + 1);
        if (last.endsWith(".git")) {
            last = last.substring(0, last.length() - 4);
        }
        if (last.isEmpty() || last.equals(".")) {
            last = Path.of(source).toAbsolutePath().normalize().getFileName().toString();
        }
        return last;
    }

    static boolean isUrl(String source) {
        return source.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") || source.matches("^[^/\\s]+@[^/\\s]+:.*");
    }
}
