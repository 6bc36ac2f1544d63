package dev.opened.common;

import java.util.Map;

/**
 * How one hook's return codes read in another's, as numbers (unsigned 32-bit, as a test run
 * returns them). The transformer makes it from its rule tables; the verifier compares packet runs
 * through it; neither knows the other, so the record lives below both.
 *
 * @param expected a code of the original → the code the retarget must return for it
 * @param inherent a code of the original → why the other hook has no counterpart (XDP_TX in tc):
 *        a packet that returns it is reported, not failed
 * @param originalNames the original hook's codes by number, for messages
 * @param retargetedNames the retarget's hook's codes by number, for messages
 */
public record ActionMap(Map<Long, Long> expected, Map<Long, String> inherent, Map<Long, String> originalNames,
        Map<Long, String> retargetedNames) {
    /** Copies the maps. */
    public ActionMap {
        expected = Map.copyOf(expected);
        inherent = Map.copyOf(inherent);
        originalNames = Map.copyOf(originalNames);
        retargetedNames = Map.copyOf(retargetedNames);
    }
}
