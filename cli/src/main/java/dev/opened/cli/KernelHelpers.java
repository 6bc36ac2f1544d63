package dev.opened.cli;

import java.nio.file.Path;

import dev.opened.common.CacheRoot;
import dev.opened.library.HelperTables;
import dev.opened.transformer.HelperTable;
import dev.opened.verifier.Verifier;

/** The CLI's verifier (the project root from the launcher), the kernel's helper table through it, the templates. */
final class KernelHelpers {
    private KernelHelpers() {
    }

    static Verifier verifier() {
        return new Verifier(CacheRoot.get(), Path.of(System.getProperty("opened.root", ".")), 180, 120);
    }

    /**
     * The kernel's helper table, probed when first asked: finding the kernel may download and boot
     * it, which a unit that calls no helper must not cost (nor need a writable cache for).
     */
    static HelperTable of(String kernelSpec) {
        return HelperTables.of(verifier(), kernelSpec);
    }

    /**
     * The templates: the user's {@code --templates} directory (or null), the project's, the jar's;
     * Makefiles they make run the launcher that started this process ({@code bin/opened} sets
     * {@code opened.launcher}).
     */
    static dev.opened.transformer.Templates templates(Path userDir) {
        return new dev.opened.transformer.Templates(userDir, projectTemplates(), System.getProperty("opened.launcher"));
    }

    /**
     * {@link #templates templates(null)}, made and their Makefile template parsed on a thread of
     * their own: FreeMarker's start (its object wrapper's rules of reflection) is a good part of a
     * quick verb's time, and need not wait for the graph to be read. {@link #started} takes them.
     */
    static java.util.concurrent.Future<dev.opened.transformer.Templates> templatesMeanwhile() {
        java.util.concurrent.FutureTask<dev.opened.transformer.Templates> task = new java.util.concurrent.FutureTask<>(() -> {
            dev.opened.transformer.Templates t = templates(null);
            t.preload();
            return t;
        });
        Thread thread = new Thread(task, "opened-templates");
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    /** The templates a task started earlier made; its failure is thrown as if made here. */
    static dev.opened.transformer.Templates started(java.util.concurrent.Future<dev.opened.transformer.Templates> made) {
        try {
            return made.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the templates were read", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    static Path projectTemplates() {
        return Path.of(System.getProperty("opened.root", "."), "templates");
    }
}
