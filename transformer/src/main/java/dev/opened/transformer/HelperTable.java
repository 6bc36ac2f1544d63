package dev.opened.transformer;

/**
 * Which helpers a program type may call: the kernel's own answer, which the CLI gets from the
 * verifier's probe of a test kernel; the transformer does not know kernels.
 */
public interface HelperTable {
    /** The kernel that answered, for messages. */
    String kernel();

    /** Whether {@code programType} may call {@code helper}. */
    boolean allows(String programType, String helper);

    /**
     * Whether {@code name} is a helper at all: some program type may call it. A {@code bpf_} name
     * no type may call is a function of the repo's own, or a macro whose header the parse did not
     * find ({@code bpf_htons}); the kernel is not asked about it.
     */
    default boolean isHelper(String name) {
        return true;
    }

    /** A table from a kernel's answers: the transformer's view of the verifier's probe, which it cannot name. */
    static HelperTable of(String kernel, java.util.function.BiPredicate<String, String> allows,
            java.util.function.Predicate<String> isHelper) {
        return new HelperTable() {
            @Override
            public String kernel() {
                return kernel;
            }

            @Override
            public boolean allows(String programType, String helper) {
                return allows.test(programType, helper);
            }

            @Override
            public boolean isHelper(String name) {
                return isHelper.test(name);
            }
        };
    }
}
