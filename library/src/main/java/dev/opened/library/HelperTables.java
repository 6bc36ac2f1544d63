package dev.opened.library;

import dev.opened.transformer.HelperTable;
import dev.opened.verifier.HelperSupport;
import dev.opened.verifier.Verifier;

/**
 * The verifier's probe of a kernel as the transformer's helper table. The two modules know nothing
 * of each other; this is the one place they are joined for it, used by the library's builds and
 * by the CLI's {@code retarget}, so that both refuse the same helpers.
 */
public final class HelperTables {
    private HelperTables() {
    }

    /**
     * The helpers the kernel {@code kernelSpec} names ({@code debian}, {@code host}, a bzImage)
     * allows, probed by {@code verifier} when first asked: finding the kernel may download and boot
     * it, which a unit that calls no helper must not cost (nor need a writable cache for).
     */
    public static HelperTable of(Verifier verifier, String kernelSpec) {
        return new HelperTable() {
            private HelperSupport support;

            private synchronized HelperSupport support() {
                if (support == null) {
                    support = verifier.helperSupport(verifier.kernel(kernelSpec));
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
}
