package dev.opened.library;

import java.util.List;
import java.util.Map;

/**
 * What a library build did, for the summary line and for tests.
 *
 * @param units rows in the catalog
 * @param rebuilt units whose inputs changed (or that were new) and were made again
 * @param reused units taken as they were from an earlier run
 * @param refused units whose hook does not fit
 * @param unitsBuilt units clang compiled
 * @param unitsVerified units every kernel accepted
 * @param originalsCompiled rows whose original translation unit compiled
 * @param originalsVerified rows whose original program every kernel accepted
 * @param defects rows where the unit fails and the original passes
 * @param defectCauses defects by normalised first error, largest group first
 * @param boots kernel boots this run
 * @param stageMillis wall time per stage ({@code extract}, {@code retarget}, {@code build},
 *        {@code original}, {@code verify}), summed over threads
 * @param catalog the catalog file
 */
public record LibrarySummary(int units, int rebuilt, int reused, int refused, int unitsBuilt, int unitsVerified,
        int originalsCompiled, int originalsVerified, int defects, Map<String, List<String>> defectCauses, int boots,
        Map<String, Long> stageMillis, String catalog) {
    /** One line, as printed at the end of a build. */
    public String line() {
        return units + " units (" + rebuilt + " made, " + reused + " unchanged, " + refused + " refused): "
                + originalsCompiled + " originals compile, " + unitsBuilt + " units compile; " + originalsVerified
                + " originals verified, " + unitsVerified + " units verified; " + defects + " OPENED defects; "
                + boots + " boots";
    }
}
