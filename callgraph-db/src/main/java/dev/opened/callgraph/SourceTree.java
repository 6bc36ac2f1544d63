package dev.opened.callgraph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The {@code .c}/{@code .h} files of a source at one commit, read as git blobs (no checkout), or
 * from a plain directory with git-style content hashes as ids.
 */
final class SourceTree {
    /**
     * One file's blob id, text and line count ({@code text.lines()}' count; -1 without a text),
     * counted once where the text is read: the files table and the crawl's summary both need it.
     */
    record Blob(String id, String text, int lines) {
        Blob(String id, String text) {
            this(id, text, text == null ? -1 : SourceText.lineCount(text));
        }
    }

    static final long MAX_FILE = 8L << 20;

    String source;
    final String commit;
    final Map<String, Blob> files;
    final List<String> repoFlags;
    final List<String> skipped;
    /** The submodules whose files were read. */
    final List<Submodules.Link> submodules = new ArrayList<>();

    /** Whether the commit has gitlinks: what a crawl reads of them depends on more than the commit. */
    boolean hasGitlinks;

    /** The paths of the submodules read. */
    List<String> submodulePaths() {
        return submodules.stream().map(Submodules.Link::path).toList();
    }
    /** What the source tried and was refused (links out of it, unsafe flags): stored as problems. */
    final List<Problem> problems = new ArrayList<>();

    private SourceTree(String source, String commit, Map<String, Blob> files, List<String> repoFlags, List<String> skipped) {
        this.source = source;
        this.commit = commit;
        this.files = files;
        this.repoFlags = repoFlags;
        this.skipped = skipped;
    }

    /**
     * Reads {@code source} at {@code ref} (HEAD when null); URLs are cloned into {@code cache}, and
     * so are their submodules' URLs. {@code submodules}: a local repository for a submodule's path
     * or URL ({@link Submodules}).
     */
    static SourceTree load(String source, String ref, Path cache, Map<String, String> submodules) {
        if (SourceNames.isUrl(source)) {
            Path dir = cloneOrFetch(source, cache);
            return fromGit(source, dir, ref, true, new Submodules.Where(submodules, cache, source));
        }
        Path p = Path.of(source);
        if (!Files.exists(p)) {
            throw new CallGraphException(source + ": no such file or directory; give a git URL, a git repository or a directory");
        }
        if (!Files.isDirectory(p)) {
            throw new CallGraphException(source + ": not a directory; give a git URL, a git repository or a directory");
        }
        if (isLocalGit(p)) {
            return fromGit(source, p, ref, true, new Submodules.Where(submodules, null, null));
        }
        if (ref != null) {
            throw new CallGraphException(source + ": --ref " + ref + " given, but this is a plain directory, not a git repository");
        }
        return fromDirectory(source, p);
    }

    /** A bare clone of {@code url} in {@code cache}, fetched again when it is there. */
    static Path cloneOrFetch(String url, Path cache) {
        GitWarmUp.await();
        Path dir = cache.resolve(SourceNames.defaultName(url) + "-" + hash(url).substring(0, 10) + ".git");
        try {
            if (Files.isDirectory(dir)) {
                try (Git git = Git.open(dir.toFile())) {
                    git.fetch().setRemote("origin").setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"),
                            new RefSpec("+refs/tags/*:refs/tags/*")).call();
                }
            } else {
                Files.createDirectories(dir.getParent());
                Path tmp = Files.createTempDirectory(dir.getParent(), ".clone-");
                try (Git git = Git.cloneRepository().setURI(url).setDirectory(tmp.toFile()).setBare(true).call()) {
                    // cloned
                }
                Files.move(tmp, dir);
            }
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw new CallGraphException(url + ": cannot clone or fetch: " + e.getMessage()
                    + " (check the URL; only reachable git servers and file:// URLs work)", e);
        }
        return dir;
    }

    private static boolean isLocalGit(Path p) {
        return Files.exists(p.resolve(".git")) || (Files.isRegularFile(p.resolve("HEAD")) && Files.isDirectory(p.resolve("objects")));
    }

    /**
     * A local git repository's commit, file names, blob ids and flags, without the sources' texts
     * (each {@link Blob#text()} null): enough to see that a commit is crawled already, which is most
     * re-crawls, without reading every blob. Null for URLs, plain directories and what is not there.
     */
    static SourceTree withoutTexts(String source, String ref, Map<String, String> submodules) {
        if (SourceNames.isUrl(source) || !Files.isDirectory(Path.of(source)) || !isLocalGit(Path.of(source))) {
            return null;
        }
        return fromGit(source, Path.of(source), ref, false, new Submodules.Where(submodules, null, null));
    }

    private static SourceTree fromGit(String source, Path dir, String ref, boolean texts, Submodules.Where where) {
        GitWarmUp.await();
        try (Git git = Git.open(dir.toFile())) {
            Repository repo = git.getRepository();
            String wanted = ref == null ? Constants.HEAD : ref;
            ObjectId id = null;
            for (String candidate : List.of(wanted + "^{commit}", "refs/remotes/origin/" + wanted + "^{commit}")) {
                try {
                    id = repo.resolve(candidate);
                } catch (IOException | RuntimeException e) {
                    id = null;
                }
                if (id != null) {
                    break;
                }
            }
            if (id == null) {
                List<String> names = new ArrayList<>();
                for (Ref r : repo.getRefDatabase().getRefs()) {
                    names.add(Repository.shortenRefName(r.getName()));
                }
                throw new CallGraphException(source + ": " + (ref == null ? "the repository has no commit (HEAD)"
                        : "no ref '" + ref + "'") + (names.isEmpty() ? "" : "; refs: " + String.join(", ", names)));
            }
            Map<String, Blob> files = new TreeMap<>();
            List<String> flags = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            Map<String, String> symlinks = new TreeMap<>();
            List<String> compileCommands = new ArrayList<>();
            List<Problem> refusals = new ArrayList<>();
            List<Submodules.Link> links = new ArrayList<>();
            ObjectId gitmodules = null;
            try (RevWalk rw = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
                RevCommit commit = rw.parseCommit(id);
                tw.addTree(commit.getTree());
                tw.setRecursive(true);
                while (tw.next()) {
                    String path = tw.getPathString();
                    if (tw.getFileMode(0) == org.eclipse.jgit.lib.FileMode.GITLINK) {
                        links.add(new Submodules.Link(path, tw.getObjectId(0).name()));
                        continue;
                    }
                    if (path.equals(".gitmodules")) {
                        gitmodules = tw.getObjectId(0);
                    }
                    boolean source0 = isSource(path);
                    if (!source0 && !path.equals("compile_flags.txt") && !path.endsWith("compile_commands.json")) {
                        continue;
                    }
                    if (tw.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
                        continue; // submodule
                    }
                    ObjectId blob = tw.getObjectId(0);
                    boolean symlink = tw.getFileMode(0) == org.eclipse.jgit.lib.FileMode.SYMLINK;
                    ObjectLoader loader = null;
                    long size;
                    try {
                        if (texts || symlink) {
                            loader = repo.open(blob);
                            size = loader.getSize();
                        } else {
                            // the size from the object's header: opening a small blob inflates all of it
                            size = tw.getObjectReader().getObjectSize(blob, Constants.OBJ_BLOB);
                        }
                    } catch (MissingObjectException e) {
                        // partial clones (--filter=blob:limit=...) and trimmed mirrors leave blobs out:
                        // one unreadable file is a problem of that file, not of the whole crawl
                        refusals.add(new Problem(path, 1, "blob " + blob.name() + " missing in this clone (a partial clone "
                                + "or a trimmed mirror?); not indexed: fetch it, or crawl a full clone", path));
                        continue;
                    }
                    if (symlink) {
                        symlinks.put(path, new String(loader.getBytes(), StandardCharsets.UTF_8).trim());
                        continue;
                    }
                    if (!texts && source0 && size <= MAX_FILE) {
                        files.put(path, new Blob(blob.name(), null));
                        continue;
                    }
                    if (size > MAX_FILE) {
                        skipped.add(path + ": " + size + " bytes, over the " + (MAX_FILE >> 20) + " MiB limit");
                        continue;
                    }
                    String text = SourceText.decode((loader != null ? loader : repo.open(blob)).getBytes());
                    if (source0) {
                        files.put(path, new Blob(blob.name(), text));
                    } else if (path.endsWith("compile_commands.json")) {
                        compileCommands.add(text);
                    } else {
                        flagLines(path, text, flags, refusals);
                    }
                }
                // a symlinked source reads as its target, when the target is in the tree
                symlinks.forEach((link, target) -> {
                    String resolved = Path.of(link).resolveSibling(target).normalize().toString().replace('\\', '/');
                    if (files.containsKey(resolved)) {
                        files.put(link, files.get(resolved));
                    } else {
                        skipped.add(link + ": a symlink to " + target + ", which is not in the repo");
                        if (target.startsWith("/") || resolved.startsWith("..")) {
                            refusals.add(outside(link, target));
                        }
                    }
                });
                for (String f : CompileCommands.flags(compileCommands, files.keySet())) {
                    RepoFlags.take("compile_commands.json", 1, f, flags, refusals);
                }
                List<Submodules.Link> read = links.isEmpty() ? List.of()
                        : new Submodules(repo, where).read(links, Submodules.text(repo, gitmodules), texts, files, refusals,
                                skipped);
                SourceTree t = new SourceTree(source, commit.name(), files, flags, skipped);
                t.problems.addAll(refusals);
                t.submodules.addAll(read);
                t.hasGitlinks = !links.isEmpty();
                return t;
            }
        } catch (IOException e) {
            throw new CallGraphException(source + ": cannot read the git repository: " + e.getMessage(), e);
        }
    }

    private static SourceTree fromDirectory(String source, Path dir) {
        Map<String, Blob> files = new TreeMap<>();
        List<String> flags = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> dirCompileCommands = new ArrayList<>();
        List<Problem> refusals = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            Path real = dir.toRealPath();
            // the walk does not descend into linked dirs; a linked file is read only when it stays inside
            for (Path f : (Iterable<Path>) walk::iterator) {
                String rel = dir.relativize(f).toString().replace('\\', '/');
                if (rel.startsWith(".git/") || rel.contains("/.git/")) {
                    continue;
                }
                boolean source0 = isSource(rel);
                if (Files.isSymbolicLink(f) && (Files.isDirectory(f) || source0 || rel.endsWith("compile_flags.txt")
                        || rel.endsWith("compile_commands.json")) && !PathGate.inside(f, real)) {
                    skipped.add(rel + ": a symlink to " + Files.readSymbolicLink(f) + ", outside the source");
                    refusals.add(outside(rel, Files.readSymbolicLink(f).toString()));
                    continue;
                }
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                if (rel.endsWith("compile_commands.json") && !rel.contains("/.")) {
                    dirCompileCommands.add(SourceText.decode(Files.readAllBytes(f)));
                    continue;
                }
                if (!source0 && !rel.equals("compile_flags.txt")) {
                    continue;
                }
                if (Files.size(f) > MAX_FILE) {
                    skipped.add(rel + ": " + Files.size(f) + " bytes, over the " + (MAX_FILE >> 20) + " MiB limit");
                    continue;
                }
                byte[] bytes = Files.readAllBytes(f);
                String text = SourceText.decode(bytes);
                if (source0) {
                    files.put(rel, new Blob(gitBlobId(bytes), text));
                } else {
                    flagLines(rel, text, flags, refusals);
                }
            }
        } catch (IOException e) {
            throw new CallGraphException(source + ": cannot read the directory: " + e.getMessage(), e);
        }
        for (String f : CompileCommands.flags(dirCompileCommands, files.keySet())) {
            RepoFlags.take("compile_commands.json", 1, f, flags, refusals);
        }
        StringBuilder all = new StringBuilder();
        files.forEach((p, b) -> all.append(p).append(' ').append(b.id()).append('\n'));
        flags.forEach(f -> all.append(f).append('\n'));
        SourceTree t = new SourceTree(source, "dir-" + hash(all.toString()).substring(0, 40), files, flags, skipped);
        t.problems.addAll(refusals);
        return t;
    }

    /** The flags of a {@code compile_flags.txt}, one a line, each checked. */
    private static void flagLines(String path, String text, List<String> flags, List<Problem> refusals) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).trim();
            if (!l.isEmpty() && !l.startsWith("#")) {
                RepoFlags.take(path, i + 1, l, flags, refusals);
            }
        }
    }

    private static Problem outside(String link, String target) {
        return new Problem(link, 1, "a symlink to " + target + ", outside the source: not read", link);
    }

    private static boolean isSource(String path) {
        return path.endsWith(".c") || path.endsWith(".h");
    }

    static String gitBlobId(byte[] bytes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
            md.update(bytes);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
