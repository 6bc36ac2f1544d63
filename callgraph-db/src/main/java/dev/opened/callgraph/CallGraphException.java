package dev.opened.callgraph;

import dev.opened.common.OpenedException;

/**
 * A call graph operation failed on bad input (an unknown repo, a source that is not a repo or a
 * directory, a DB of another schema). The message names the input and what to do. Always {@link
 * OpenedException.Kind#BAD_INPUT}: the CLI maps it as every other {@link OpenedException}.
 */
public class CallGraphException extends OpenedException {
    private static final long serialVersionUID = 1L;

    /** With a message for the user. */
    public CallGraphException(String message) {
        super(Kind.BAD_INPUT, message);
    }

    /** With a message for the user and its cause. */
    public CallGraphException(String message, Throwable cause) {
        super(Kind.BAD_INPUT, message, cause);
    }
}
