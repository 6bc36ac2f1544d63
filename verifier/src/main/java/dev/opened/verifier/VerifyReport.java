package dev.opened.verifier;

import java.util.List;

/**
 * What one {@code opened verify} run found: a row per program per kernel, and a row for every
 * target that got no program loaded (not built, no programs, not a BPF object).
 *
 * @param kernels the kernels asked, as their rows name them, in the order given
 * @param verdicts the rows, kernel by kernel, each kernel's in the order the targets were given
 */
public record VerifyReport(List<String> kernels, List<ProgramVerdict> verdicts) {
    /** Copies the lists. */
    public VerifyReport {
        kernels = List.copyOf(kernels);
        verdicts = List.copyOf(verdicts);
    }

    /** True when every row is accepted: a CI run passes. */
    public boolean allAccepted() {
        return verdicts.stream().allMatch(v -> v.verdict() == Verdict.ACCEPTED);
    }
}
