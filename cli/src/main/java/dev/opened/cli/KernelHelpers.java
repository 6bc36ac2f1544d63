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

    static Path projectTemplates() {
        return Path.of(System.getProperty("opened.root", "."), "templates");
    }
}
