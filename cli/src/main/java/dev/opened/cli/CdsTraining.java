package dev.opened.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.opened.common.FileTrees;

/**
 * The run {@code bin/opened} records its class-data-sharing archive from
 * ({@code -XX:ArchiveClassesAtExit}): the verbs an editor or a shell calls again and again, run once
 * in-process on the test corpus, so that the classes they load (ours, SQLite's, Gson's, CDT's for a
 * crawl) come mapped from the archive in every later process instead of being read from jars and
 * verified. A verb's output is thrown away; a verb that fails here only leaves its classes out.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    /**
     * {@code CdsTraining ROOT [NATIVE_DIR]}: trains on {@code ROOT/test-corpus/lb} when it is there;
     * with NATIVE_DIR, first writes SQLite's native library there (see {@link #writeSqliteLibrary}).
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : System.getProperty("opened.root", "."));
        if (args.length > 1) {
            writeSqliteLibrary(Path.of(args[1]));
        }
        train(root);
    }

    /**
     * Runs the training verbs on {@code ROOT/test-corpus/lb}; returns the runs that failed (their
     * classes stay out of the archive, which costs every later start: {@code CdsTrainingTest} keeps
     * this empty).
     */
    static List<String> train(Path root) throws IOException {
        Path work = Files.createTempDirectory("opened-cds-");
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        List<String> failed = new ArrayList<>();
        try {
            String db = work.resolve("train.db").toString();
            Path corpus = root.resolve("test-corpus").resolve("lb");
            List<List<String>> runs = new ArrayList<>();
            Path git = work.resolve("git");
            List<String> gitCrawl = List.of("--db", work.resolve("train-git.db").toString(), "crawl", git.toString(),
                    "--name", "lb");
            if (Files.isDirectory(corpus)) {
                runs.add(List.of("--db", db, "crawl", corpus.toString(), "--name", "lb"));
                // a git repository crawled, then again after a commit that changes one unit: JGit's
                // reading and the reuse of stored parses, which a directory crawl never loads. In a
                // graph of its own: in this one its functions would make every name below ambiguous
                gitRepository(corpus, git);
                runs.add(gitCrawl);
                runs.add(gitCrawl);
            }
            String unit = work.resolve("unit").toString();
            for (List<String> verb : List.of(List.of("repos"), List.of("funcs"), List.of("funcs", "--format", "json"),
                    List.of("show", "balancer_ingress"), List.of("show", "balancer_ingress", "--format", "json"),
                    List.of("callers", "parse_eth"), List.of("callees", "balancer_ingress", "--format", "json"),
                    List.of("maps", "--format", "json"), List.of("problems"),
                    List.of("extract", "balancer_ingress", "-o", unit, "--format", "json"),
                    List.of("retarget", unit, "--hook", "tc", "-o", work.resolve("unit-tc").toString()), List.of("help"))) {
                List<String> argv = new ArrayList<>(List.of("--db", db));
                argv.addAll(verb);
                runs.add(argv);
            }
            boolean crawledGit = false;
            for (List<String> run : runs) {
                // the same list twice in the runs: the second crawl comes after a commit
                if (run == gitCrawl) {
                    if (crawledGit) {
                        changeOneUnit(git);
                    }
                    crawledGit = true;
                }
                int exit;
                try {
                    exit = Main.run(run, nowhere, nowhere, Map.of(), false);
                } catch (RuntimeException e) {
                    exit = -1;
                }
                if (exit != 0) {
                    // a verb that cannot run here just stays out of the archive
                    failed.add(String.join(" ", run.subList(2, run.size())) + ": exit " + exit);
                }
            }
        } finally {
            FileTrees.delete(work);
        }
        return failed;
    }

    /** {@code corpus}'s files committed to a new git repository at {@code git}. */
    private static void gitRepository(Path corpus, Path git) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(corpus)) {
            for (Path p : s.toList()) {
                Path to = git.resolve(corpus.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        for (Map.Entry<String, String> f : BEYOND_THE_CORPUS.entrySet()) {
            Files.createDirectories(git.resolve(f.getKey()).getParent());
            Files.writeString(git.resolve(f.getKey()), f.getValue());
        }
        try (org.eclipse.jgit.api.Git g = org.eclipse.jgit.api.Git.init().setDirectory(git.toFile()).call()) {
            g.add().addFilepattern(".").call();
            commit(g, "corpus");
            // packed with deltas (a second version of a unit), with a remote in its config: a clone's
            // reading is JGit code a fresh loose repository never runs
            changeOneUnit(git);
            org.eclipse.jgit.lib.StoredConfig config = g.getRepository().getConfig();
            config.setString("remote", "origin", "url", "https://example.invalid/corpus.git");
            config.save();
            g.gc().setAggressive(true).call();
        } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
            throw new IOException(e);
        }
    }

    /**
     * What real repositories have and the corpus's {@code lb} does not, written beside it in the
     * training's git repository only: every kind of C statement, an {@code #error}, a declaration CDT cannot
     * parse (last: CDT's recovery takes what follows), a committed {@code vmlinux.h} (its slimming and index).
     * Each class these reach would otherwise be read from its jar and verified in every crawl that
     * meets one (35-45 classes in a crawl of katran or bcc).
     */
    private static final Map<String, String> BEYOND_THE_CORPUS = Map.of(
            "training/statements.bpf.c", """
                    #if __has_include(<linux/bpf.h>)
                    #include <linux/bpf.h>
                    #endif
                    #include <bpf/bpf_helpers.h>
                    typedef int T;
                    int proto(T (x));
                    static int walk(int n)
                    {
                        int s = 0, i;
                        T * p = &s;
                        for (i = 0; i < n; i++) {
                            switch (i & 3) {
                            case 0: s += i; break;
                            case 1: continue;
                            default: ;
                            }
                            while (s > 100) s -= 7;
                            do { s++; } while (s < 3);
                            if (s == 42) goto out;
                        }
                    out:
                        return ({ int t = s; t + 1; }), s;
                    }
                    SEC("xdp") int statements(struct xdp_md *ctx) { return walk(ctx->ingress_ifindex) ? XDP_PASS : XDP_DROP; }
                    char LICENSE[] SEC("license") = "GPL";
                    static int missing_field(struct xdp_md *ctx) { return ctx->no_such_field; }
                    #error the training's own problems
                    int broken(int a {;
                    """,
            "training/core/vmlinux.h", """
                    #ifndef __VMLINUX_H__
                    #define __VMLINUX_H__
                    typedef unsigned int __u32;
                    typedef unsigned long long __u64;
                    struct task_struct { int pid; int tgid; struct task_struct *parent; };
                    struct trace_event_raw_sys_enter { __u64 unused; long id; unsigned long args[6]; };
                    enum { BPF_ANY = 0 };
                    #endif
                    """,
            "training/core/exec.bpf.c", """
                    #include "vmlinux.h"
                    #include <bpf/bpf_helpers.h>
                    SEC("tracepoint/syscalls/sys_enter_execve")
                    int on_exec(struct trace_event_raw_sys_enter *ctx)
                    {
                        struct task_struct *t = (struct task_struct *)bpf_get_current_task();
                        return t ? 0 : (int)ctx->id;
                    }
                    char LICENSE[] SEC("license") = "GPL";
                    """);

    /** A commit that adds a line to the repository's first {@code .c} file. */
    private static void changeOneUnit(Path git) throws IOException {
        Path unit;
        try (java.util.stream.Stream<Path> s = Files.walk(git)) {
            unit = s.filter(p -> p.toString().endsWith(".c") && !p.startsWith(git.resolve(".git"))).sorted().findFirst()
                    .orElse(null);
        }
        if (unit == null) {
            return;
        }
        Files.writeString(unit, "\n/* changed */\n", java.nio.file.StandardOpenOption.APPEND);
        try (org.eclipse.jgit.api.Git g = org.eclipse.jgit.api.Git.open(git.toFile())) {
            g.add().addFilepattern(".").call();
            commit(g, "one unit changed");
        } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
            throw new IOException(e);
        }
    }

    private static void commit(org.eclipse.jgit.api.Git g, String message) throws org.eclipse.jgit.api.errors.GitAPIException {
        org.eclipse.jgit.lib.PersonIdent who = new org.eclipse.jgit.lib.PersonIdent("opened", "opened@localhost");
        g.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    }

    /**
     * sqlite-jdbc copies its native library out of its jar into the temp directory, checksums it and
     * runs {@code uname} in every process that opens a DB: about 50 ms of CPU a run. Written once
     * beside the archive, the launcher points {@code org.sqlite.lib.path} at it and loading is one
     * {@code System.load}. It is written again with the archive, whenever the jars change.
     */
    static void writeSqliteLibrary(Path dir) throws IOException {
        String resource = org.sqlite.util.LibraryLoaderUtil.getNativeLibResourcePath() + "/"
                + org.sqlite.util.LibraryLoaderUtil.getNativeLibName();
        try (java.io.InputStream in = org.sqlite.util.LibraryLoaderUtil.class.getResourceAsStream(resource)) {
            if (in == null) {
                return; // no library for this platform in the jar: sqlite-jdbc finds its own way
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "sqlite", ".tmp");
            Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, dir.resolve(org.sqlite.util.LibraryLoaderUtil.getNativeLibName()),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
