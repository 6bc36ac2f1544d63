package dev.opened.cli;

import java.nio.file.Path;

import dev.opened.transformer.HelperTable;
import dev.opened.verifier.HelperSupport;
import dev.opened.verifier.Verifier;

/** The verifier's kernel probe as the transformer's helper table: the CLI joins the two modules. */
final class KernelHelpers {
    private KernelHelpers() {
    }

    static Verifier verifier() {
        return new Verifier(Verifier.defaultCache(), Path.of(System.getProperty("opened.root", ".")), 180, 120);
    }

    /**
     * The kernel's helper table, probed when first asked: finding the kernel may download and boot
     * it, which a unit that calls no helper must not cost (nor need a writable cache for).
     */
    static HelperTable of(String kernelSpec) {
        return new HelperTable() {
            private HelperSupport support;

            private HelperSupport support() {
                if (support == null) {
                    Verifier v = verifier();
                    support = v.helperSupport(v.kernel(kernelSpec));
                }
                return support;
            }

            @Override
            public String kernel() {
                return support().kernel();
            }

            @Override
            public boolean allows(String programType, String helper) {
                return support().allows(programType, helper);
            }

            @Override
            public boolean isHelper(String name) {
                return support().isHelper(name);
            }
        };
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
