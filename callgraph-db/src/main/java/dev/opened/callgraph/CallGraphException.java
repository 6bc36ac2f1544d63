package dev.opened.callgraph;

/**
 * A call graph operation failed on bad input (an unknown repo, a source that is not a repo or a
 * directory, a DB of another schema). The message names the input and what to do.
 */
public class CallGraphException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message for the user. */
    public CallGraphException(String message) {
        super(message);
    }

    /** With a message for the user and its cause. */
    public CallGraphException(String message, Throwable cause) {
        super(message, cause);
    }
}
