package dev.opened.verifier;

/** What the kernel said of one program. */
public enum Verdict {
    /** The verifier accepted it. */
    ACCEPTED,
    /** The verifier rejected it; the log says why. */
    REJECTED,
    /** It never reached the verifier (the object could not be opened, a map could not be made...). */
    NOT_LOADED;

    /** Lower-case, with a dash, as printed. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
