package dev.opened.cli;

/** Ends a verb with an exit code and a message for stderr, as JGit pgm's {@code Die} does. */
public final class Die extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    /** A verb ending with {@code exitCode}; {@code message} goes to stderr (may be empty). */
    public Die(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The process exit code. */
    public int exitCode() {
        return exitCode;
    }
}
