package dev.opened.verifier;

/**
 * Verification cannot go on. {@link #badInput()} tells bad input (not an ELF, no programs, a
 * missing kernel, QEMU missing: exit 2) from a failure of the work itself (a kernel that does not
 * come up: exit 1). The message names the input and what to do.
 */
public class VerifierException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean badInput;

    /** With a message and whether the input was at fault. */
    public VerifierException(String message, boolean badInput) {
        super(message);
        this.badInput = badInput;
    }

    /** True for bad input or a missing tool (exit 2). */
    public boolean badInput() {
        return badInput;
    }
}
