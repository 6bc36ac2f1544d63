package dev.opened.common;

/**
 * Every module's "cannot go on": the message names the input and what to do, and the {@link Kind}
 * says whose fault it was, which is all the CLI needs to choose an exit code. One type, so that a
 * verb never has to know which module an error came from.
 */
public class OpenedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Whose fault: the user's input, or the work (or the machine) failing. */
    public enum Kind {
        /** Bad input or a missing tool: what the user gave or has to install is wrong (exit 2). */
        BAD_INPUT,
        /** The work itself failed on good input: a kernel that does not come up, a disk error (exit 1). */
        FAILURE
    }

    private final Kind kind;

    /** With the kind and a message for the user. */
    public OpenedException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** With the kind, a message for the user and its cause. */
    public OpenedException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** Bad input: the message says what to give instead. */
    public static OpenedException badInput(String message) {
        return new OpenedException(Kind.BAD_INPUT, message);
    }

    /** A failure of the work on good input. */
    public static OpenedException failure(String message) {
        return new OpenedException(Kind.FAILURE, message);
    }

    /** Whose fault it was. */
    public Kind kind() {
        return kind;
    }

    /** True for {@link Kind#BAD_INPUT}. */
    public boolean badInput() {
        return kind == Kind.BAD_INPUT;
    }
}
