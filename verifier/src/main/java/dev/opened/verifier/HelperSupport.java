package dev.opened.verifier;

import java.util.Map;
import java.util.Set;

/**
 * Which helpers each program type may call on one kernel: the kernel's own answer, probed in it
 * with libbpf's helper probes (what {@code bpftool feature probe} runs) and cached per kernel.
 *
 * @param kernel the kernel probed (its release)
 * @param helpers program type ({@code xdp}, {@code sched_cls}...) to the helpers it allows
 */
public record HelperSupport(String kernel, Map<String, Set<String>> helpers) {
    /** Whether {@code programType} may call {@code helper} on this kernel. */
    public boolean allows(String programType, String helper) {
        return helpers.getOrDefault(programType, Set.of()).contains(helper);
    }

    /** Whether the kernel knows {@code programType} at all. */
    public boolean knows(String programType) {
        return helpers.containsKey(programType);
    }
}
