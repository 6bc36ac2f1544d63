package dev.opened.verifier;

import java.util.List;

/**
 * One program's load on one kernel.
 *
 * @param kernel the kernel it was loaded into ({@code debian 6.1.0-56-amd64}, {@code host ...}, a path)
 * @param object the object file's name
 * @param program the program's name
 * @param section its ELF section
 * @param programType the program type libbpf loaded it as ({@code xdp}, {@code sched_cls}...)
 * @param verdict accepted, rejected or not loaded
 * @param insnsProcessed instructions the verifier processed, from its stats line, or null
 * @param totalStates states, from the stats line, or null
 * @param peakStates peak states, from the stats line, or null
 * @param errno the load's error number (0 when accepted)
 * @param message the verifier's own message on rejection (the log's last word), or why it was
 *        not loaded; null when accepted
 * @param failingInstruction the instruction the verifier stopped at, as it printed it, or null
 * @param logTail the verifier log's tail (libbpf's messages when not loaded)
 * @param notes what else the loader said (a failure after verification, say)
 */
public record ProgramVerdict(String kernel, String object, String program, String section, String programType,
        Verdict verdict, Integer insnsProcessed, Integer totalStates, Integer peakStates, int errno, String message,
        String failingInstruction, List<String> logTail, List<String> notes) {
    /** Copies the lists. */
    public ProgramVerdict {
        logTail = List.copyOf(logTail);
        notes = List.copyOf(notes);
    }
}
