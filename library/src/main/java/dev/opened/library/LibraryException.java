package dev.opened.library;

/** A library build that cannot start; {@link #badInput()} decides the exit code (2 when true). */
public final class LibraryException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean badInput;

    /** A failure; {@code badInput} when the request was wrong rather than the machine. */
    public LibraryException(String message, boolean badInput) {
        super(message);
        this.badInput = badInput;
    }

    /** True when the request was wrong (exit 2). */
    public boolean badInput() {
        return badInput;
    }
}
