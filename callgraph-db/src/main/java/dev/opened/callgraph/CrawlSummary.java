package dev.opened.callgraph;

import java.util.List;

/**
 * What a crawl did.
 *
 * @param repo the repo's name
 * @param commit the commit crawled
 * @param upToDate true when the commit and flags were already crawled and nothing was parsed
 * @param files {@code .c}/{@code .h} files in the repo
 * @param lines their lines
 * @param translationUnits units parsed or reused
 * @param parsed units parsed by this crawl
 * @param reused units whose earlier parse was reused (no file of theirs changed)
 * @param functions functions in the graph
 * @param calls call edges
 * @param maps maps
 * @param problems problems the parser reported
 * @param skipped files left out, with why
 * @param seconds wall-clock seconds
 * @param failedUnits translation units that could not be parsed at all (their definitions are missing)
 * @param notes what the crawl inferred rather than was told (include directories), each with why
 */
public record CrawlSummary(String repo, String commit, boolean upToDate, int files, long lines, int translationUnits,
        int parsed, int reused, int functions, int calls, int maps, int problems, List<String> skipped, double seconds,
        List<String> failedUnits, List<String> notes) {
    /** Copies the lists. */
    public CrawlSummary {
        skipped = List.copyOf(skipped);
        failedUnits = List.copyOf(failedUnits);
        notes = List.copyOf(notes);
    }

    /** A copy with {@code more} notes. */
    CrawlSummary noting(List<String> more) {
        List<String> all = new java.util.ArrayList<>(notes);
        all.addAll(more);
        return new CrawlSummary(repo, commit, upToDate, files, lines, translationUnits, parsed, reused, functions, calls, maps,
                problems, skipped, seconds, failedUnits, all);
    }

    /** One line, as the CLI prints it at the end of a crawl. */
    public String oneLine() {
        return String.format(java.util.Locale.ROOT,
                "%s@%s: %d files, %d functions, %d calls, %d maps, %d problems, %d parsed, %d reused, %.1f s%s",
                repo, commit.length() > 12 ? commit.substring(0, 12) : commit, files, functions, calls, maps, problems,
                parsed, reused, seconds, upToDate ? " (up to date)" : "")
                + (failedUnits.isEmpty() ? "" : "; " + failedUnits.size() + (failedUnits.size() == 1 ? " translation unit" : " translation units")
                        + " could not be parsed");
    }
}
