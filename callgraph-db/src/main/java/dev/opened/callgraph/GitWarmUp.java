package dev.opened.callgraph;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.api.Git;

/**
 * JGit's first use in a process: its file-system detection, the default time zone its file
 * snapshots format with, its messages bundle, the user's and system's git configuration, the
 * repository's config, refs and pack index, 100 ms and more before the first blob is read. A crawl
 * starts this on another core while the graph opens, and its own first read of the repository
 * waits for it, so that no class is initialised by two threads at once.
 */
final class GitWarmUp {
    private static Thread running;

    private GitWarmUp() {
    }

    /** Starts opening {@code source} when it is a local git repository; once per process. */
    static synchronized void start(String source) {
        if (running != null || source == null || SourceNames.isUrl(source)) {
            return;
        }
        Path dir = Path.of(source);
        if (!Files.exists(dir.resolve(".git")) && !Files.isRegularFile(dir.resolve("HEAD"))) {
            return;
        }
        // the JDK's time-zone rules, which JGit's file snapshots load first of all: read on a thread
        // of their own, they are not on the repository's critical path (20 ms of JGit's start here)
        Thread zone = new Thread(java.time.ZoneId::systemDefault, "opened-zone-warm-up");
        zone.setDaemon(true);
        zone.start();
        Thread t = new Thread(() -> {
            try (Git git = Git.open(dir.toFile())) {
                git.getRepository().resolve("HEAD");
            } catch (Exception | LinkageError e) {
                // the crawl opens the repository itself and says what is wrong with it
            }
        }, "opened-git-warm-up");
        t.setDaemon(true);
        running = t;
        t.start();
    }

    /** Returns once the warm-up, if one was started, is over. */
    static void await() {
        Thread t;
        synchronized (GitWarmUp.class) {
            t = running;
        }
        if (t == null) {
            return;
        }
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
