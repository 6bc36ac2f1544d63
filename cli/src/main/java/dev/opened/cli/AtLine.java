package dev.opened.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import dev.opened.callgraph.CallGraph;
import dev.opened.callgraph.Definition;
import dev.opened.callgraph.DefinitionKind;
import dev.opened.callgraph.Repo;
import dev.opened.callgraph.SourceFile;

/**
 * {@code --at FILE:LINE} resolved to a crawled function, with FILE anywhere the user has the
 * repository: inside a crawled directory, or in their own git checkout of a repository crawled
 * from elsewhere (a URL, a bare mirror, another clone).
 *
 * <p>A checkout is matched by what it holds, not by where it came from: a crawled repo matches
 * when the checkout's object store has the crawled commit (the clone contains exactly the crawled
 * version, whatever remote it was cloned from), or when FILE's content is the crawled blob of the
 * same path (a clone older or newer than the crawl, where this file did not change). A shared root
 * commit was not enough: every fork and every version of a project shares it, so it says nothing
 * about whether the crawled lines are the user's lines.
 *
 * @param function the function around the line
 * @param root the directory on the user's disk that holds the repo's files (their checkout, or the
 *        crawled directory): diagnostics name files under it
 * @param stale a warning when FILE differs from the crawled version, else null
 */
record AtLine(Definition function, Path root, String stale) {

    /** A warning at FILE's line when the file on disk is not the crawled version (the graph's lines are the crawled ones). */
    java.util.Optional<String> warning() {
        return java.util.Optional.ofNullable(stale);
    }

    /**
     * Parses {@code FILE:LINE} (FILE relative to {@code cwd}) and finds the function: an
     * {@link IllegalArgumentException} for a malformed spec, a {@link Die} (exit 2, a diagnostic at FILE:LINE) when none.
     */
    static AtLine resolve(String spec, Path cwd, CallGraph graph) {
        int colon = spec.lastIndexOf(':');
        String where = spec.substring(colon + 1);
        // FILE:NAME too: Eclipse's external tools know the selected text but not the cursor's line
        String name = colon > 0 && where.matches("[A-Za-z_][A-Za-z0-9_]*") ? where : null;
        int line;
        try {
            line = name != null ? 1 : Integer.parseInt(where);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--at takes FILE:LINE or FILE:FUNCTION, not '" + spec + "'");
        }
        Path file = cwd.resolve(spec.substring(0, colon)).toAbsolutePath().normalize();
        for (Repo r : graph.repos()) {
            Path dir = RepoPaths.localDirectory(r);
            if (dir != null && file.startsWith(dir) && !file.equals(dir)) {
                return around(graph, r, dir, file, line, name);
            }
        }
        if (Files.isRegularFile(file)) {
            AtLine inCheckout = inCheckout(graph, file, line, name);
            if (inCheckout != null) {
                return inCheckout;
            }
        }
        throw new Die(TextBuiltin.EXIT_USAGE, diagnostic(file, line, "not inside any crawled repo or a git checkout of one ("
                + String.join(", ", graph.repos().stream().map(Repo::source).toList()) + "); run 'opened crawl' on its repo first"));
    }

    private static AtLine inCheckout(CallGraph graph, Path file, int line, String name) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(file.toFile());
        if (builder.getGitDir() == null) {
            return null;
        }
        try (Repository git = builder.setMustExist(true).build()) {
            if (git.isBare()) {
                return null;
            }
            Path root = git.getWorkTree().toPath().toAbsolutePath().normalize();
            String rel = root.relativize(file).toString().replace('\\', '/');
            String blob = blobId(file);
            // a crawled repo scores 2 when this file's lines are the crawled ones, 1 when the checkout holds the crawled commit
            List<Repo> best = new ArrayList<>();
            int bestScore = 0;
            for (Repo r : graph.repos()) {
                SourceFile crawled = graph.file(r.name(), rel).orElse(null);
                if (crawled == null) {
                    continue;
                }
                int score = (blob.equals(crawled.blobId()) ? 2 : 0) + (hasCommit(git, r.commit()) ? 1 : 0);
                if (score > bestScore) {
                    best.clear();
                    bestScore = score;
                }
                if (score == bestScore && score > 0) {
                    best.add(r);
                }
            }
            if (best.isEmpty()) {
                throw new Die(TextBuiltin.EXIT_USAGE, diagnostic(file, line, "this checkout (" + root + ") holds no crawled "
                        + "version of " + rel + ": neither a crawled commit nor this file's content; crawl it: opened crawl " + root));
            }
            if (best.size() > 1) {
                throw new Die(TextBuiltin.EXIT_USAGE, diagnostic(file, line, rel + " matches several crawled repos ("
                        + String.join(", ", best.stream().map(Repo::name).toList()) + "); give FUNC@REPO instead"));
            }
            return around(graph, best.get(0), root, file, line, name);
        } catch (IOException e) {
            return null;
        }
    }

    /** FILE's git blob id: what the crawl stored for a file with these bytes (plain directories are hashed alike). */
    private static String blobId(Path file) throws IOException {
        try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
            return f.idFor(Constants.OBJ_BLOB, Files.readAllBytes(file)).name();
        }
    }

    private static boolean hasCommit(Repository git, String commit) {
        try {
            return ObjectId.isId(commit) && git.getObjectDatabase().has(ObjectId.fromString(commit));
        } catch (IOException e) {
            return false;
        }
    }

    private static AtLine around(CallGraph graph, Repo r, Path root, Path file, int line, String name) {
        String rel = root.relativize(file).toString().replace('\\', '/');
        SourceFile crawled = graph.file(r.name(), rel).orElse(null);
        if (crawled == null) {
            throw new Die(TextBuiltin.EXIT_USAGE, diagnostic(file, line, "in repo " + r.name()
                    + " but not crawled as a C file; crawl it again: opened crawl " + r.source()));
        }
        // the innermost active function first: an #ifdef's two definitions of one name share lines
        List<Definition> around = graph.definitionsIn(r.name(), rel).stream()
                .filter(d -> d.kind() == DefinitionKind.FUNCTION
                        && (name != null ? d.name().equals(name) : d.startLine() <= line && line <= d.endLine()))
                .sorted(Comparator.comparing((Definition d) -> !d.active()).thenComparingInt(d -> d.endLine() - d.startLine()))
                .toList();
        if (around.isEmpty()) {
            throw new Die(TextBuiltin.EXIT_USAGE, diagnostic(file, line, (name != null ? "no function " + name + " in this file"
                    : "no function here") + " (crawled " + r.name() + "@"
                    + r.commit().substring(0, Math.min(12, r.commit().length())) + "; crawl again if the file changed)"));
        }
        String stale = null;
        try {
            if (!blobId(file).equals(crawled.blobId())) {
                stale = file + ":" + (name != null ? around.get(0).startLine() : line) + ":1: warning: this file is not the version crawled (" + r.name() + "@"
                        + r.commit().substring(0, Math.min(12, r.commit().length())) + "): lines are the crawled file's; "
                        + "crawl again to use yours";
            }
        } catch (IOException e) {
            stale = null; // a file that cannot be read now was found by its path: the crawled lines stand
        }
        return new AtLine(around.get(0), root, stale);
    }

    /** {@code FILE:LINE:1: error: message}, the form IDEs parse. */
    static String diagnostic(Path file, int line, String message) {
        return file + ":" + line + ":1: error: " + message;
    }
}
