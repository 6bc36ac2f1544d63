package dev.opened.extractor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import dev.opened.common.OpenedException;

/**
 * {@code opened.json}: what a unit holds and where every part of it came from. The extractor
 * writes it; the transformer reads it, updates {@code hook}, {@code retarget} and the entry
 * programs, and writes it back.
 *
 * @param opened format version (1)
 * @param function the extracted function
 * @param unit the unit's C file name ({@code FUNC.c})
 * @param object the object {@code make} builds ({@code FUNC.bpf.o})
 * @param repo source repo: the repo row, {@code REPO+PROFILE} for a build profile other than the default
 * @param profile the build profile the function was extracted under ({@code default} for a plain
 *        crawl); {@code defines} holds its {@code -D} flags. Null in a manifest written before profiles.
 * @param commit source commit
 * @param source where the function is in the repo
 * @param section the function's section, or null for a helper
 * @param programType the program type the section implies, or null
 * @param hook the hookpoint after retargeting, else null
 * @param entryPrograms the programs in the unit with their lines in the unit file
 * @param definitions every definition taken, in unit order
 * @param closure the dependency graph, as node labels and edges
 * @param maps the maps the unit holds
 * @param helpers the helpers the closure calls, sorted
 * @param guardMacros macros tested by guards that the unit does not define: the build's switches
 * @param defines {@code -D} flags of the build ({@code NAME} or {@code NAME=VALUE})
 * @param cflags other clang flags of the build
 * @param license the unit's license facts
 * @param retarget what retargeting did, or null
 * @param notes things the user should know (a license section added, a header copied whole)
 */
public record Manifest(int opened, String function, String unit, String object, String repo, String profile,
        String commit, Location source, String section, String programType, String hook, List<EntryProgram> entryPrograms,
        List<Taken> definitions, Closure closure, List<MapInfo> maps, List<String> helpers, List<String> guardMacros,
        List<String> defines, List<String> cflags, License license, Retarget retarget, List<String> notes) {

    /** A place in the source repo. */
    public record Location(String path, int startLine, int endLine) {
    }

    /** An entry program of the unit. {@code line} is 1-based in the unit file. */
    public record EntryProgram(String name, String section, String programType, int line) {
    }

    /** A definition taken into the unit. {@code guards}: per level, its directives. */
    public record Taken(String kind, String name, String path, int startLine, int endLine, int unitStartLine,
            int unitEndLine, List<List<String>> guards) {
    }

    /** The closure: nodes {@code kind:name@path:line}, edges between them. */
    public record Closure(List<String> nodes, List<Edge> edges) {
    }

    /** One closure edge. */
    public record Edge(String from, String to, String kind) {
    }

    /** A map of the unit. */
    public record MapInfo(String name, String type, String keyType, String valueType, Long maxEntries, String style) {
    }

    /** License facts: SPDX expressions of the source files and the license section's string. */
    public record License(List<String> spdx, String name) {
    }

    /** What a retarget did. */
    public record Retarget(String from, String to, String hook, List<Rule> rules, List<Integer> changedLines) {
    }

    /** One rewrite rule applied at a unit line. */
    public record Rule(String rule, int line) {
    }

    private static Gson gson() {
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();
    }

    /** The manifest as pretty JSON. */
    public String toJson() {
        return ManifestJson.write(this) + "\n";
    }

    /** Reads {@code DIR/opened.json}; a missing or broken one is an {@link OpenedException} naming it. */
    public static Manifest read(Path dir) {
        Path f = dir.resolve("opened.json");
        if (!Files.isRegularFile(f)) {
            throw OpenedException.badInput(dir + ": not an OPENED unit (no opened.json); make one with 'opened extract'");
        }
        try {
            Manifest m = gson().fromJson(Files.readString(f), Manifest.class);
            if (m == null || m.unit() == null || m.opened() != 1) {
                throw OpenedException.badInput(f + ": not an OPENED manifest of format 1");
            }
            return m;
        } catch (IOException | JsonParseException e) {
            throw OpenedException.badInput(f + ": cannot read the manifest: " + e.getMessage());
        }
    }

    /** A copy with retargeting facts. */
    public Manifest retargeted(String newSection, String newProgramType, String newHook, List<EntryProgram> programs,
            Retarget how) {
        return new Manifest(opened, function, unit, object, repo, profile, commit, source, newSection, newProgramType, newHook,
                programs, definitions, closure, maps, helpers, guardMacros, defines, cflags, license, how, notes);
    }
}
