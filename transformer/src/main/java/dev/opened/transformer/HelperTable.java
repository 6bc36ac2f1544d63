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
}
