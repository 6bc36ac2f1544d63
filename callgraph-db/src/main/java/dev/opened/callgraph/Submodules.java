package dev.opened.callgraph;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files of a repository's git submodules at the commits it pins. eBPF repositories vendor
 * libbpf (tracee, xdp-tools, libbpf-bootstrap, bcc) and build against the headers of that copy, not
 * the system's: a crawl without them parses against another libbpf than the build uses. A
 * submodule's objects are looked for where git keeps them (the checkout's {@code .git/modules/NAME}
 * or {@code PATH/.git}), in a repository the user names for its path or URL ({@code --submodule
 * KEY=REPO}), and, for a source crawled from a URL, in a clone of the submodule's URL made into the
 * clone cache. A submodule found nowhere, or without its pinned commit, is a problem of the crawl
 * that says what to give; the crawl goes on without its files.
 */
final class Submodules {
    /** One gitlink of the crawled commit. */
    record Link(String path, String commit) {
    }

    /**
     * Where to look besides the checkout: {@code given}, a local repository by submodule path or
     * URL; {@code cloneCache}, where URLs are cloned, null when the crawled source is no URL (a
     * local crawl fetches nothing); {@code parentUrl}, the URL relative submodule URLs start from.
     */
    record Where(Map<String, String> given, Path cloneCache, String parentUrl) {
        Where {
            given = Map.copyOf(given);
        }
    }

    private final Repository parent;
    private final Where where;

    Submodules(Repository parent, Where where) {
        this.parent = parent;
        this.where = where;
    }

    /**
     * Adds the {@code .c}/{@code .h} files of each link's pinned commit under the link's path to
     * {@code files} (texts only when {@code texts}); returns the links read.
     */
    List<Link> read(List<Link> links, String gitmodules, boolean texts, Map<String, SourceTree.Blob> files,
            List<Problem> problems, List<String> skipped) {
        Map<String, String[]> declared = declared(gitmodules, problems);
        List<Link> read = new ArrayList<>();
        for (Link l : links) {
            String[] nameUrl = declared.getOrDefault(l.path(), new String[] {l.path(), null});
            String url = nameUrl[1];
            String where = l.path() + (url != null ? " (" + url + ")" : "");
            int said = problems.size();
            Repository sub = open(l.path(), nameUrl[0], url, problems);
            if (sub == null && problems.size() > said) {
                continue; // refused, with why
            }
            if (sub == null) {
                problems.add(problem(l, "submodule " + where + " at " + abbrev(l.commit()) + " is not checked out here: its "
                        + "files are not indexed and what the build takes from them is missing; run `git submodule update "
                        + "--init` in the source, or give --submodule " + l.path() + "=<a clone that has the commit>"));
                continue;
            }
            try (sub) {
                ObjectId commit = ObjectId.fromString(l.commit());
                if (!sub.getObjectDatabase().has(commit)) {
                    problems.add(problem(l, "submodule " + where + ": " + sub.getDirectory() + " has no commit "
                            + abbrev(l.commit()) + ", the one this commit pins: its files are not indexed; fetch it there, "
                            + "or give --submodule " + l.path() + "=<a clone that has it>"));
                    continue;
                }
                addFiles(sub, commit, l.path(), texts, files, skipped);
                read.add(l);
            } catch (IOException | RuntimeException e) {
                problems.add(problem(l, "submodule " + where + ": cannot read " + abbrev(l.commit()) + ": " + e.getMessage()));
            }
        }
        return read;
    }

    private static Problem problem(Link l, String message) {
        return new Problem(l.path(), 1, message, l.path());
    }

    private static String abbrev(String commit) {
        return commit.substring(0, Math.min(12, commit.length()));
    }

    /** Path to {name, url} from {@code .gitmodules}. */
    private static Map<String, String[]> declared(String gitmodules, List<Problem> problems) {
        Map<String, String[]> out = new LinkedHashMap<>();
        if (gitmodules == null) {
            return out;
        }
        Config c = new Config();
        try {
            c.fromText(gitmodules);
        } catch (ConfigInvalidException e) {
            problems.add(new Problem(".gitmodules", 1, ".gitmodules cannot be read: " + e.getMessage(), ".gitmodules"));
            return out;
        }
        for (String name : c.getSubsections("submodule")) {
            String path = c.getString("submodule", name, "path");
            if (path != null) {
                out.put(path, new String[] {name, c.getString("submodule", name, "url")});
            }
        }
        return out;
    }

    private Repository open(String path, String name, String url, List<Problem> problems) {
        String givenRepo = where.given().get(path);
        for (Map.Entry<String, String> g : where.given().entrySet()) {
            if (givenRepo == null && url != null && plain(g.getKey()).equals(plain(url))) {
                givenRepo = g.getValue();
            }
        }
        if (givenRepo != null) {
            return repository(new File(givenRepo));
        }
        // a hostile .gitmodules names its way out ("../../other-repo", as git's CVE-2018-11235):
        // a name or path that is not plainly inside is read nowhere
        if (!inside(path) || !inside(name)) {
            problems.add(new Problem(path, 1, "submodule " + Printable.of(path) + " (name " + Printable.of(name)
                    + "): leads out of the repository; not read. Give --submodule " + Printable.of(path)
                    + "=<a clone> if you trust it", path));
            return null;
        }
        if (!parent.isBare()) {
            Repository r = repository(new File(parent.getWorkTree(), path));
            if (r != null) {
                return r;
            }
        }
        // where `git submodule update` keeps it; a bare mirror may hold it there too
        Repository r = repository(new File(parent.getDirectory(), "modules/" + name));
        if (r != null || where.cloneCache() == null || url == null) {
            return r;
        }
        String absolute = resolveUrl(url);
        if (absolute == null) {
            return null;
        }
        if (!cloneable(where.parentUrl(), absolute)) {
            problems.add(new Problem(path, 1, "submodule " + Printable.of(path) + ": its URL " + Printable.of(absolute)
                    + " names this machine's files, and the repository came from elsewhere; not cloned. Give --submodule "
                    + Printable.of(path) + "=<a clone> if you trust it", path));
            return null;
        }
        try {
            Path dir = SourceTree.cloneOrFetch(absolute, where.cloneCache());
            return repository(dir.toFile());
        } catch (CallGraphException e) {
            problems.add(new Problem(path, 1, "submodule " + path + ": " + e.getMessage(), path));
            return null;
        }
    }

    /** A URL relative to the superproject's ({@code ../libbpf.git}) resolved against it, as git does. */
    private String resolveUrl(String url) {
        if (!url.startsWith("./") && !url.startsWith("../")) {
            return url;
        }
        if (where.parentUrl() == null) {
            return null;
        }
        String base = where.parentUrl().replaceAll("/+$", "");
        String rest = url;
        while (rest.startsWith("../") || rest.startsWith("./")) {
            if (rest.startsWith("../")) {
                int cut = base.lastIndexOf('/');
                if (cut < 0) {
                    return null;
                }
                base = base.substring(0, cut);
                rest = rest.substring(3);
            } else {
                rest = rest.substring(2);
            }
        }
        return base + "/" + rest;
    }

    /** A relative path with no {@code ..} part, no absolute start, no backslash. */
    static boolean inside(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0) {
            return false;
        }
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a submodule URL may be cloned for a superproject fetched from {@code parentUrl}: a
     * network URL always; this machine's files ({@code file://}, a plain path) only when the
     * superproject itself came from this machine, since a repository fetched from a server must
     * not make OPENED read the user's own repositories into the database.
     */
    static boolean cloneable(String parentUrl, String url) {
        boolean local = url.startsWith("file:") || url.startsWith("/") || url.startsWith(".") || !url.contains(":");
        boolean parentLocal = parentUrl == null || parentUrl.startsWith("file:");
        return !local || parentLocal;
    }

    /** A URL without its trailing slash and {@code .git}, as {@code --submodule} keys name it. */
    static String plain(String url) {
        String u = url.strip().replaceAll("/+$", "");
        return u.endsWith(".git") ? u.substring(0, u.length() - 4) : u;
    }

    private static Repository repository(File dir) {
        if (!dir.exists()) {
            return null;
        }
        try {
            FileRepositoryBuilder b = new FileRepositoryBuilder().setMustExist(true);
            File dotGit = new File(dir, Constants.DOT_GIT);
            if (dotGit.exists()) {
                b.findGitDir(dir);
            } else {
                b.setGitDir(dir);
            }
            if (b.getGitDir() == null) {
                return null;
            }
            return b.build();
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static void addFiles(Repository sub, ObjectId commitId, String prefix, boolean texts,
            Map<String, SourceTree.Blob> files, List<String> skipped) throws IOException {
        Map<String, SourceTree.Blob> found = new TreeMap<>();
        Map<String, String> symlinks = new TreeMap<>();
        int nested = 0;
        try (RevWalk rw = new RevWalk(sub); TreeWalk tw = new TreeWalk(sub)) {
            RevCommit commit = rw.parseCommit(commitId);
            tw.addTree(commit.getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                String path = tw.getPathString();
                if (tw.getFileMode(0) == FileMode.GITLINK) {
                    nested++;
                    continue;
                }
                // a vendored project's CI scaffolding (libbpf's .github/.../vmlinux.h) is no build input
                // of the superproject: read, it would answer an include the build never lets it answer
                if (!(path.endsWith(".c") || path.endsWith(".h")) || tw.getFileMode(0).getObjectType() != Constants.OBJ_BLOB
                        || path.startsWith(".") || path.contains("/.")) {
                    continue;
                }
                if (tw.getFileMode(0) == FileMode.SYMLINK) {
                    // libbpf/vmlinux.h's include/x86/vmlinux.h names the version beside it
                    symlinks.put(path, new String(sub.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8).trim());
                    continue;
                }
                ObjectId blob = tw.getObjectId(0);
                long size = tw.getObjectReader().getObjectSize(blob, Constants.OBJ_BLOB);
                if (size > SourceTree.MAX_FILE) {
                    skipped.add(prefix + "/" + path + ": " + size + " bytes, over the " + (SourceTree.MAX_FILE >> 20) + " MiB limit");
                    continue;
                }
                found.put(prefix + "/" + path, new SourceTree.Blob(blob.name(),
                        texts ? SourceText.decode(sub.open(blob).getBytes()) : null));
            }
        }
        symlinks.forEach((link, target) -> {
            String resolved = java.nio.file.Path.of(link).resolveSibling(target).normalize().toString().replace('\\', '/');
            SourceTree.Blob b = found.get(prefix + "/" + resolved);
            if (b != null && !resolved.startsWith("..")) {
                found.put(prefix + "/" + link, b);
            }
        });
        if (nested > 0) {
            skipped.add(prefix + ": " + nested + " submodule(s) of this submodule, not read");
        }
        // the superproject's own files at a path win over a submodule's (a path is one or the other in git)
        found.forEach(files::putIfAbsent);
    }

    /** The repo-relative text of {@code .gitmodules}, or null. */
    static String text(Repository repo, ObjectId blob) throws IOException {
        return blob == null ? null : new String(repo.open(blob).getBytes(), StandardCharsets.UTF_8);
    }
}
