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

    /** The helpers the kernel {@code kernelSpec} names ({@code debian}, {@code host}, a bzImage) allows, probed by {@code verifier}. */
    public static HelperTable of(Verifier verifier, String kernelSpec) {
        HelperSupport support = verifier.helperSupport(verifier.kernel(kernelSpec));
        return HelperTable.of(support.kernel(), support::allows, support::isHelper);
    }
}
