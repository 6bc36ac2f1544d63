package dev.opened.verifier;

import java.util.List;

/**
 * What one program did with one packet under {@code BPF_PROG_TEST_RUN}.
 *
 * @param packet the packet's index in the set
 * @param ret the program's return code
 * @param errno the test run's error (0 when it ran; {@code EINVAL} for a frame too short for the hook, say)
 * @param out the output frame in hex ({@code -} when the run failed)
 * @param maps every entry of every map after the run, {@code MAP KEY VALUE} in hex; array slots
 *        that are all zero are left out
 */
public record PacketResult(int packet, long ret, int errno, String out, List<String> maps) {
    /** Copies the list. */
    public PacketResult {
        maps = List.copyOf(maps);
    }
}
