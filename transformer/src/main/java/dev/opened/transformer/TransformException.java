package dev.opened.transformer;

/** Retargeting cannot start: a hook it does not know, a unit it cannot read (exit 2), or a failure (exit 1). */
public class TransformException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean badInput;

    /** With the message and whether the input was at fault. */
    public TransformException(String message, boolean badInput) {
        super(message);
        this.badInput = badInput;
    }

    /** True for bad input (exit 2). */
    public boolean badInput() {
        return badInput;
    }
}
