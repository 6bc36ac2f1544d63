package dev.opened.extractor;

/**
 * Extraction cannot go on: bad input (a directory that holds a user's files, a broken manifest)
 * or a unit that cannot be made (two needed definitions clash). The message names the places.
 */
public class ExtractException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean badInput;

    /** Bad input: exit 2. */
    public ExtractException(String message) {
        this(message, true);
    }

    /** {@code badInput} false: the work failed (exit 1). */
    public ExtractException(String message, boolean badInput) {
        super(message);
        this.badInput = badInput;
    }

    /** True when the input was wrong (exit 2), false when the work failed (exit 1). */
    public boolean badInput() {
        return badInput;
    }
}
