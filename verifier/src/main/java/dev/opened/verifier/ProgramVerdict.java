package dev.opened.verifier;

import java.util.List;

/**
 * One row of a verification run: one program's load on one kernel, or a target that never got
 * as far as a program (then {@code program} is {@code -}).
 *
 * @param target the target as the user gave it: a unit directory or an object path
 * @param kernel the kernel it was loaded into ({@code debian 6.1.0-56-amd64}, {@code host ...}, a path)
 * @param object the object file's name ({@code -} when the unit built none)
 * @param program the program's name, or {@code -}
 * @param section its ELF section, or {@code -}
 * @param programType the program type libbpf loaded it as ({@code xdp}, {@code sched_cls}...), or {@code -}
 * @param verdict what became of it
 * @param insnsProcessed instructions the verifier processed, from its stats line, or null
 * @param totalStates states, from the stats line, or null
 * @param peakStates peak states, from the stats line, or null
 * @param errno the load's error number (0 when accepted or never loaded)
 * @param message the verifier's own message on rejection (the log's last word), or why it was
 *        not loaded, built or tested; null when accepted
 * @param failingInstruction the instruction the verifier stopped at, as it printed it, or null
 * @param logTail the verifier log's tail (libbpf's messages when not loaded, clang's when not built)
 * @param notes what else the loader said (a failure after verification, say)
 */
public record ProgramVerdict(String target, String kernel, String object, String program, String section,
        String programType, Verdict verdict, Integer insnsProcessed, Integer totalStates, Integer peakStates, int errno,
        String message, String failingInstruction, List<String> logTail, List<String> notes) {
    /** Copies the lists; a JSON row without them reads as empty. */
    public ProgramVerdict {
        logTail = logTail == null ? List.of() : List.copyOf(logTail);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A row for a target that got no further than the host: no kernel was asked. */
    static ProgramVerdict hostSide(String target, String kernel, String object, Verdict verdict, String message,
            List<String> log) {
        return new ProgramVerdict(target, kernel, object, "-", "-", "-", verdict, null, null, null, 0, message, null, log,
                List.of());
    }

    /** This row on another kernel (host-side rows are the same on every kernel). */
    ProgramVerdict on(String otherKernel) {
        return new ProgramVerdict(target, otherKernel, object, program, section, programType, verdict, insnsProcessed,
                totalStates, peakStates, errno, message, failingInstruction, logTail, notes);
    }
}
