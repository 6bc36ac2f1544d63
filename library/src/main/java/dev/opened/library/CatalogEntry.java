package dev.opened.library;

import java.util.List;

/**
 * One row of {@code catalog.json}: a function of a crawled repo retargeted to one hook, with what
 * its original translation unit and the unit itself did in clang and in each kernel's verifier.
 *
 * @param id the unit's stable name and directory under the library: {@code REPO/PATH-FUNCTION/HOOK}
 * @param repo the repo's name
 * @param commit the commit it was crawled at
 * @param source what was crawled (URL or path)
 * @param path the function's file in the repo
 * @param function the function's name
 * @param line its first line in {@code path}
 * @param hook the hook asked for
 * @param programType the program type of that hook
 * @param originalSection the function's own section, or null for a helper function
 * @param originalProgramType the program type of its own section, or null
 * @param status {@code built} (the unit compiled), {@code not-built} (clang failed on it),
 *        {@code refused} (the hook does not fit: a rewrite is impossible), {@code extract-failed}
 * @param reason why refused or not built or not extracted (the first diagnostic), else null
 * @param fittingHooks the requested hooks this function fits
 * @param helpers the helpers its closure calls
 * @param maps its maps
 * @param license the license of the files it came from
 * @param provenance {@code REPO@COMMIT:PATH:START-END}
 * @param files the unit's files, relative to the library directory (null when not written)
 * @param original what the original translation unit did in clang
 * @param unit what the unit did in clang
 * @param results per kernel, the original's and the unit's loads
 * @param defect true when the unit fails where its original passes: OPENED's fault
 * @param cause the normalised first error of the unit (compiler, then verifier), or null
 */
public record CatalogEntry(String id, String repo, String commit, String source, String path, String function, int line,
        String hook, String programType, String originalSection, String originalProgramType, String status,
        String reason, List<String> fittingHooks, List<String> helpers, List<MapUse> maps, License license,
        String provenance, UnitFiles files, Compile original, Compile unit, List<KernelResult> results,
        boolean defect, String cause) {
    /** Copies the lists. */
    public CatalogEntry {
        fittingHooks = List.copyOf(fittingHooks);
        helpers = List.copyOf(helpers);
        maps = List.copyOf(maps);
        results = List.copyOf(results);
    }

    /** A map the unit holds: its name and {@code BPF_MAP_TYPE_*}. */
    public record MapUse(String name, String type) {
    }

    /** SPDX expressions of the source files and the {@code license} section's string. */
    public record License(List<String> spdx, String name) {
    }

    /**
     * Where a unit's files are, relative to the library directory.
     *
     * @param dir the unit directory
     * @param source its C file
     * @param makefile its Makefile
     * @param log the verifier log of its programs (null until verified)
     * @param diagnostics clang's or the retargeter's messages (null when there were none)
     * @param originalLog clang's output on the original translation unit (null when there is none)
     */
    public record UnitFiles(String dir, String source, String makefile, String log, String diagnostics, String originalLog) {
    }

    /**
     * One clang run.
     *
     * @param compiles true when clang made an object
     * @param firstError its first {@code error:} line, or null
     * @param command the translation unit compiled (the original's repo path, or the unit's file)
     */
    public record Compile(boolean compiles, String firstError, String command) {
    }

    /**
     * One kernel's answer for the original and the unit.
     *
     * @param kernel the kernel's name
     * @param original the original program's load (null when there is no original object)
     * @param unit the unit's load (null when the unit was not built)
     */
    public record KernelResult(String kernel, Load original, Load unit) {
    }

    /**
     * The load of the programs that stand for a function.
     *
     * @param verdict {@code accepted}, {@code rejected}, {@code not-loadable}, {@code untestable}, {@code no-programs} or {@code boot-failed}
     *        when the object holds no program that reaches the function
     * @param insnsProcessed the verifier's {@code processed N insns} (the largest of the programs)
     * @param message the verifier's message when not accepted
     * @param programs the programs loaded
     */
    public record Load(String verdict, Integer insnsProcessed, String message, List<String> programs) {
        /** Copies the list. */
        public Load {
            programs = List.copyOf(programs);
        }

        /** True when accepted. */
        public boolean accepted() {
            return "accepted".equals(verdict);
        }
    }
}
