package dev.opened.verifier;

import java.util.List;

/**
 * One program's packet test: loaded once, then run on every packet, each from the maps as the
 * load left them.
 *
 * @param target the target as the user gave it
 * @param object the object file's name
 * @param program the program's name ({@code -} when the object did not open)
 * @param section its ELF section
 * @param programType the program type it was loaded as
 * @param verdict accepted when it loaded and ran; rejected or not-loadable; untestable for a
 *        type {@code BPF_PROG_TEST_RUN} does not run on packets
 * @param message why it was not run, or null
 * @param results one per packet, in the set's order (empty when not run)
 */
public record ProgramRun(String target, String object, String program, String section, String programType,
        Verdict verdict, String message, List<PacketResult> results) {
    /** Copies the list. */
    public ProgramRun {
        results = List.copyOf(results);
    }
}
