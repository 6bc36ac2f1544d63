package dev.opened.verifier;

import java.util.Map;
import java.util.Set;

/**
 * Which helpers each program type may call on one kernel: the kernel's own answer, probed in it
 * with libbpf's helper probes (what {@code bpftool feature probe} runs) and cached per kernel.
 *
 * @param kernel the kernel probed (its release)
 * @param helpers program type ({@code xdp}, {@code sched_cls}...) to the helpers it allows
 * @param unprobeable program types the kernel has but whose helpers cannot be probed (they load
 *        only with an attach target: tracing, lsm...); for those only a real load tells
 */
public record HelperSupport(String kernel, Map<String, Set<String>> helpers, Set<String> unprobeable) {
    /** Whether {@code programType} may call {@code helper} on this kernel; true when it cannot be probed. */
    public boolean allows(String programType, String helper) {
        if (unprobeable != null && unprobeable.contains(programType)) {
            return true;
        }
        return helpers.getOrDefault(programType, Set.of()).contains(helper);
    }

    /** Whether some program type may call {@code helper} on this kernel: whether it is a helper at all. */
    public boolean isHelper(String helper) {
        return helpers.values().stream().anyMatch(h -> h.contains(helper));
    }

    /** Whether the kernel knows {@code programType} at all. */
    public boolean knows(String programType) {
        return helpers.containsKey(programType) || (unprobeable != null && unprobeable.contains(programType));
    }
}
