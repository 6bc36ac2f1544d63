package dev.opened.verifier;

import com.google.gson.annotations.SerializedName;

/**
 * What became of one program (or of a target that never got as far as a program): one status per
 * row of {@code opened verify}, printed and serialized as its {@link #label()}.
 */
public enum Verdict {
    /** The verifier accepted it. */
    @SerializedName("accepted")
    ACCEPTED,
    /** The verifier rejected it; the log says why. */
    @SerializedName("rejected")
    REJECTED,
    /** The unit did not compile; the message is clang's first error. */
    @SerializedName("not-built")
    NOT_BUILT,
    /** The object (or the unit's object) holds no program to load. */
    @SerializedName("no-programs")
    NO_PROGRAMS,
    /** It never reached the verifier: not a BPF object, or libbpf refused it (legacy maps, say). */
    @SerializedName("not-loadable")
    NOT_LOADABLE,
    /** Its program type needs an attach target this kernel lacks (fentry to a missing function, freplace). */
    @SerializedName("untestable")
    UNTESTABLE,
    /** No verdict: the kernel did not come up, or the guest died or went silent; the message says which. */
    @SerializedName("boot-failed")
    BOOT_FAILED;

    /** Lower-case, with a dash, as printed and as in JSON. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
