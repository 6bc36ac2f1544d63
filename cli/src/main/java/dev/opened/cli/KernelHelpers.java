package dev.opened.cli;

import java.nio.file.Path;

import dev.opened.common.CacheRoot;
import dev.opened.transformer.HelperTable;
import dev.opened.verifier.HelperSupport;
import dev.opened.verifier.Verifier;

/** The verifier's kernel probe as the transformer's helper table: the CLI joins the two modules. */
final class KernelHelpers {
    private KernelHelpers() {
    }

    static Verifier verifier() {
        return new Verifier(CacheRoot.get(), Path.of(System.getProperty("opened.root", ".")), 180, 120);
    }

    static HelperTable of(String kernelSpec) {
        Verifier v = verifier();
        HelperSupport support = v.helperSupport(v.kernel(kernelSpec));
        return HelperTable.of(support.kernel(), support::allows, support::isHelper);
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
